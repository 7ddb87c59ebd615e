/** The SDK's own error: what went wrong in words a script can branch on; server and crypto errors pass through. */
import { HeaderMismatchError, type PadChange, RollbackError } from "../../../crypto/index";

/**
 * - `invalid`: the caller's options (a damaged link, a ttl the server does not allow, too large, nothing to send)
 * - `gone`: expired, burned, deleted or never existed (also destroyed by too many wrong passwords)
 * - `wrong-password`: wrong password, link key or manage token, or a notepad making guessers wait
 * - `conflict`: the notepad changed since the version the caller based its text on; nothing was saved
 * - `damaged`: the server sent data that fails its checks (altered, truncated, another note's, an older format than
 *   promised, a notepad rolled back), or a notepad's key changed, or a notepad the caller remembers is said to be
 *   gone, and the caller did not accept it
 * - `waiting`: a secret request has no answer to open yet (nothing was opened); ask again later, or wait
 */
export type SdkErrorCode = "invalid" | "gone" | "wrong-password" | "conflict" | "damaged" | "waiting";

/** Facts a caller may act on: tries left before a note destroys itself, seconds to wait, a notepad's version. */
export interface SdkErrorDetails {
  triesLeft?: number | null;
  retryAfter?: number | null;
  version?: number | null;
  /** For a refused notepad key change: what changed since this client last saw the notepad. */
  changes?: PadChange[];
  /** For a refused free address: the caller remembers a notepad there (see the pad calls' `onFreed`). */
  freed?: boolean;
  /** For `waiting`: when the request expires (milliseconds since the epoch). */
  expiresAt?: number;
}

/** Thrown by every SDK function for the outcomes above; `cause` keeps the ApiError or crypto error behind it. */
export class SdkError extends Error {
  constructor(
    readonly code: SdkErrorCode,
    message: string,
    readonly details: SdkErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "SdkError";
  }
}

/** A notepad the caller remembers, at an address the server now calls free, that the caller did not accept as gone. */
export const notepadFreed = (slug: string) =>
  new SdkError(
    "damaged",
    `the notepad ${slug} existed when this machine last used it; the server now says the address is free — it was deleted elsewhere, or the server is misbehaving. Nothing was sent`,
    { freed: true },
  );

/** A refusal of the caller's own options. */
export const invalid = (message: string) => new SdkError("invalid", message);

/**
 * A crypto refusal that can only mean the server misbehaved, as `damaged` with a sentence saying what was refused:
 * another note's or notepad's header, a downgraded format, an altered salt (all caught before any secret is derived or
 * sent), or a notepad rolled back to an older save. Anything else is returned unchanged.
 */
export function misbehaved(error: unknown): unknown {
  if (error instanceof RollbackError) {
    return new SdkError(
      "damaged",
      `refusing an older save of the notepad: ${error.message} (the server rolled it back); nothing was shown`,
      {},
      { cause: error },
    );
  }
  if (error instanceof HeaderMismatchError) {
    return new SdkError(
      "damaged",
      `refusing to open: ${error.message}; no password or key was used or sent`,
      {},
      { cause: error },
    );
  }
  return error;
}
