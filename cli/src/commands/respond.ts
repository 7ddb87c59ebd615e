/**
 * hushnote respond: answer a secret request. The asker's key is checked against the request link before anything is
 * read or sent (SDK inspectRequest), then the secret is sealed for that key alone and sent (SDK respond).
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { formatDuration, type Options, parse } from "../args";
import { usage } from "../errors";
import { failWith } from "../failure";
import { asText, readInput } from "../input";
import { onInterrupt } from "../interrupt";
import { readLinkArg } from "../link-arg";
import { parseRequestLink } from "../links";
import { progressFor } from "../progress";
import { respond as answer, inspectRequest } from "../sdk/request-respond";
import type { SendStreamFile } from "../sdk/send";
import { safeJson, tell } from "../terminal";

export const help = `Usage: hushnote respond REQUEST_LINK [FILE|-] [options]

Answers a secret request with the text of FILE, or of stdin (- or no FILE); a FILE or stdin that is
not UTF-8 text travels as an attachment instead, byte for byte. The answer is encrypted on this
machine for the key of the person who made the request: only their private link opens it, once,
and then it is destroyed; the server cannot read it, nor can anyone else who has the request link.
Before anything is sent, hushnote checks that the key the server hands out is the one the request
link names (the fingerprint after #), so a server cannot put its own key in its place (exit 4).
A request answered already, withdrawn or expired is refused (exit 2). With REQUEST_LINK -, the link
is read from stdin and FILE is needed.

Options:
  --json                print {noteId, expiresAt} on stdout
  -q, --quiet           no progress line on stderr
  -h, --help`;

const OPTIONS: Options = { quiet: { type: "boolean", short: "q" } };

/** The secret: a FILE's text (an attachment if it is not UTF-8), or stdin as `send` takes it. */
async function secret(file: string | undefined): Promise<{ text?: string; files?: SendStreamFile[] }> {
  if (file === undefined || file === "-") return readInput([]);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw usage(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  if (bytes.length === 0) throw usage(`nothing to send: ${file} is empty`);
  const text = asText(bytes);
  if (text !== null) return { text };
  const chunks = (async function* () {
    yield bytes;
  })();
  return { files: [{ name: basename(file), type: "application/octet-stream", size: bytes.length, chunks }] };
}

/** Runs `hushnote respond`. */
export async function respond(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, OPTIONS, 2);
  if (values.help) return void console.log(help);
  const [linkArg, file] = positionals;
  if (linkArg === undefined) throw usage("no request link given");
  if (linkArg === "-" && (file === undefined || file === "-"))
    throw usage("the request link and the secret cannot both come from stdin: name a FILE");
  const link = await readLinkArg(linkArg, "Request link: ");
  const { server } = parseRequestLink(link);
  const details = await inspectRequest(link).catch(failWith(server, "nothing was sent"));
  if (details.description !== null) tell(`The request says: ${details.description}`);
  const payload = await secret(file);

  const upload = progressFor("Uploading", { quiet: Boolean(values.quiet) });
  const interrupt = onInterrupt(() => "the answer was not sent");
  const sent = await answer({ link, ...payload, info: details, onUpload: upload?.update, signal: interrupt.signal })
    .catch(failWith(server, "the answer may not have been kept"))
    .finally(() => {
      upload?.done();
      interrupt.dispose();
    });
  if (values.json) return void console.log(safeJson({ noteId: sent.noteId, expiresAt: sent.expiresAt }));
  const left = formatDuration(Math.max(0, Math.round((sent.expiresAt - Date.now()) / 1000)));
  tell(`Answered. Only the asker's private link opens it, once, within ${left}; then it is destroyed.`);
}
