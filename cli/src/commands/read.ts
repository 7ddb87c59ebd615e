/** hushnote read: describe the note (non-consuming GET), then open it (consumes a view) and write it out. */
import { decodeB64u } from "../b64";
import { decodeHeader, decrypt, unlock, WrongKeyError, type Header, type Payload } from "../../../crypto/index";
import { parse, type Options } from "../args";
import { describeNote } from "../describe";
import { CliError, EXIT, usage } from "../errors";
import { api, ApiError, asCliError, retrying } from "../http";
import { readLinkArg } from "../link-arg";
import { parseNoteLink } from "../links";
import { checkTarget, deliver } from "../output";
import { getPassword } from "../password";
import { progressFor } from "../progress";
import { cryptoFailure } from "../crypto-errors";

export const help = `Usage: hushnote read [LINK|-] [options]

Shows what the note is without opening it, then opens it (this uses up one view), asking for the
password if the note needs one. Text goes to stdout; attached files are saved in the current
directory under their own names, never over an existing file. Without LINK (or with -), the link
is read from stdin or asked on the terminal, so it does not appear in the process list.

Options:
  -o, --output PATH     write to PATH (a file for a single item, else a directory); - = stdout
  --force               overwrite existing files
  --info                only show what the note is; do not open it
  --password-file F     read the password from the first line of F (or set HUSHNOTE_PASSWORD)
  --json                print {text, tabs, files:[{name, type, size, path}], viewsLeft} on stdout
  -h, --help`;

const OPTIONS: Options = {
  output: { type: "string", short: "o" },
  force: { type: "boolean" },
  info: { type: "boolean" },
  "password-file": { type: "string" },
};

interface Status { id: string; header: string; expiresAt: number; viewsLeft: number | null }
interface Opened { wrappedKey: string; body: string; viewsLeft: number | null }

/** Runs `hushnote read`. */
export async function read(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, OPTIONS, 1);
  if (values.help) return void console.log(help);
  const link = parseNoteLink(await readLinkArg(positionals[0], "Share link: "));
  const out = values.output as string | undefined;
  await checkTarget(out, Boolean(values.force));
  const call = <T>(path: string, opts = {}) => api<T>(link.server, path, opts).catch((e) => { throw e instanceof ApiError ? asCliError(e, "this note") : e; });

  const status = await call<Status>(`/api/notes/${link.id}`);
  const header = (() => { try { return decodeHeader(status.header); } catch (e) { return cryptoFailure(e); } })();
  if (header.kind !== "note" || header.id !== link.id) throw new CliError(EXIT.server, "the server answered with another note's header");
  process.stderr.write(`${describeNote(header, status.expiresAt, status.viewsLeft)}\n`);
  if (values.info) return;
  if (header.link && !link.linkKey) throw new CliError(EXIT.wrongPassword, "this link has lost its key (the part after #); copy the whole link");

  const { payload, viewsLeft } = await openNote(link.server, header, status, link.linkKey, values["password-file"] as string | undefined);
  const written = await deliver(payload, out, Boolean(values.force));
  for (const path of written) process.stderr.write(`Saved ${path}\n`);
  if (values.json) {
    const files = payload.files.map((f, i) => ({ name: f.name, type: f.type, size: f.bytes.length, path: written[i] ?? null }));
    console.log(JSON.stringify({ text: payload.text, tabs: payload.tabs, files, viewsLeft }));
  }
  process.stderr.write(viewsLeft === 0 ? "That was the last view: the note is now destroyed.\n" : viewsLeft === null ? "" : `${viewsLeft} view${viewsLeft === 1 ? "" : "s"} left.\n`);
}

/** Proves knowledge of the key, fetches and decrypts; re-asks a mistyped password while the note allows it. */
async function openNote(server: string, header: Header, status: Status, linkKey: Uint8Array | null, passwordFile: string | undefined): Promise<{ payload: Payload; viewsLeft: number | null }> {
  const interactive = passwordFile === undefined && !process.env.HUSHNOTE_PASSWORD;
  for (let attempt = 1; ; attempt++) {
    const password = header.kdf ? await getPassword({ file: passwordFile, prompt: true }) : null;
    const unlocked = await unlock(status.header, { linkKey, password }).catch(cryptoFailure);
    let opened: Opened;
    try {
      opened = await retrying(
        () => api<Opened>(server, `/api/notes/${header.id}/open`, { method: "POST", body: { proof: unlocked.proof }, download: progressFor("Downloading", Infinity) }),
        (s) => process.stderr.write(`The note has not reached this server location yet; retrying in ${s} s…\n`),
      );
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status !== 403) throw asCliError(error, "this note");
      const left = typeof error.body.triesLeft === "number" ? error.body.triesLeft : null;
      const what = header.kdf ? (header.link ? "wrong password (or a damaged link)" : "wrong password") : "wrong key in the link";
      const suffix = left === 0 ? "; too many wrong tries destroyed the note" : left !== null ? `; ${left} tries left before the note is destroyed` : "";
      if (interactive && header.kdf && left !== 0 && attempt < 3) {
        process.stderr.write(`${what}${suffix}.\n`);
        continue;
      }
      throw new CliError(left === 0 ? EXIT.gone : EXIT.wrongPassword, `${what}${suffix}`);
    }
    const body = decodeB64u(opened.body);
    if (!body) throw new CliError(EXIT.server, "the server sent a body that is not base64url");
    try {
      return { payload: await decrypt(unlocked, opened.wrappedKey, body), viewsLeft: opened.viewsLeft };
    } catch (error) {
      // The server accepted our proof, so a key that still does not open means the stored data was altered.
      if (error instanceof WrongKeyError) throw new CliError(EXIT.server, "the server accepted the key but the note does not decrypt: it was altered");
      return cryptoFailure(error);
    }
  }
}
