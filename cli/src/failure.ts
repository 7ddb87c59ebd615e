/** Whatever the SDK throws, as the one sentence and exit code the CLI ends with (docs/CLI.md, "Exit codes"). */
import { CorruptEnvelopeError, HeaderMismatchError, RollbackError, UnsupportedVersionError } from "../../crypto/index";
import { UNREACHABLE } from "../../protocol/http";
import { ApiError, MalformedAnswer } from "../../protocol/index";
import { answerLost } from "../../protocol/retry";
import { CliError, EXIT, type ExitCode } from "./errors";
import { misbehaved, SdkError, type SdkErrorCode } from "./sdk/errors";

const EXITS: Record<SdkErrorCode, ExitCode> = {
  invalid: EXIT.usage,
  gone: EXIT.gone,
  "wrong-password": EXIT.wrongPassword,
  conflict: EXIT.conflict,
  damaged: EXIT.server,
  waiting: EXIT.waiting,
};

/** Why fetch failed, as Node words it (ECONNREFUSED, ENOTFOUND, …). */
function networkDetail(error: ApiError): string {
  const fetchError = error.cause as { message?: string; cause?: { code?: string; message?: string } } | undefined;
  return fetchError?.cause?.code ?? fetchError?.cause?.message ?? fetchError?.message ?? error.message;
}

/** A gateway's or the server's own "not now" (not a malformed answer, which is also a 502). */
const unavailable = (error: ApiError) =>
  !(error instanceof MalformedAnswer) && (error.status === 502 || error.status === 503 || error.status === 504);

/**
 * The CliError for `error`; `server` is named when it could not be reached. `outcome` says what is known when the
 * call failed for good after its retries with no answer or a server error, so that the server may or may not have
 * done it: e.g. "no link was made". Anything else is returned unchanged.
 */
export function toCliError(error: unknown, server: string, outcome?: string): unknown {
  // The SDK words these itself; one that reached here unworded gets the same sentence (exit 4: the server misbehaved).
  if (error instanceof HeaderMismatchError || error instanceof RollbackError) error = misbehaved(error);
  if (error instanceof SdkError) return new CliError(EXITS[error.code], error.message);
  if (error instanceof ApiError) {
    // Status 0 is no answer at all, or a transfer that broke off and could not be resumed (its own sentence).
    if (error.status === 0 && error.message !== UNREACHABLE)
      return new CliError(EXIT.server, `${error.message.replace(/\.$/, "")} (${networkDetail(error)})`);
    const then = outcome && answerLost(error) ? `; ${outcome}` : "";
    if (error.status === 0)
      return new CliError(EXIT.server, `could not reach ${server} (${networkDetail(error)})${then}`);
    if (unavailable(error)) {
      // A proxy's HTML page gives only the generic sentence, which the status already says.
      const said = /^The server answered \d+\.$/.test(error.message) ? "" : `: ${error.message.replace(/\.$/, "")}`;
      return new CliError(EXIT.server, `the server is unavailable (${error.status})${said}${then}`);
    }
    if (error.status === 404) return new CliError(EXIT.gone, `not found on this server: ${error.message}`);
    if (error.status === 403) return new CliError(EXIT.wrongPassword, error.message);
    if (error.status === 413) return new CliError(EXIT.usage, `too large for this server: ${error.message}`);
    const message = then ? error.message.replace(/\.$/, "") : error.message;
    return new CliError(EXIT.server, `the server refused (${error.status}): ${message}${then}`);
  }
  if (error instanceof UnsupportedVersionError) return new CliError(EXIT.server, `${error.message}; update hushnote`);
  if (error instanceof CorruptEnvelopeError)
    return new CliError(EXIT.server, `the data from the server is damaged or was altered (${error.message})`);
  return error;
}

/** A `.catch` handler for SDK calls against `server`; `outcome` as for toCliError. */
export const failWith =
  (server: string, outcome?: string) =>
  (error: unknown): never => {
    throw toCliError(error, server, outcome);
  };

/** Runs one of the SDK's argument checks; its `invalid` error becomes a usage error (exit 1). */
export function asUsage<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw toCliError(error, "");
  }
}
