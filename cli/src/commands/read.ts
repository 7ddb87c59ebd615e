/**
 * hushnote read: describe the note (SDK inspect, non-consuming), then open it (SDK readStream, consumes a view) and
 * write it out as it downloads and decrypts: files to disk, text to stdout once the whole note authenticated.
 */
import { type Options, parse, type Values } from "../args";
import { deliver } from "../deliver";
import { describeNote } from "../describe";
import { failWith } from "../failure";
import { onInterrupt } from "../interrupt";
import { readLinkArg } from "../link-arg";
import { parseNoteLink } from "../links";
import { checkTarget } from "../output";
import { withPassword } from "../password";
import { progressFor } from "../progress";
import { inspect, type NoteInfo } from "../sdk/read";
import { readStream } from "../sdk/read-stream";
import { isPrivateLink } from "../sdk/request-links";
import { escapedNotice, safeJson, tell } from "../terminal";
import { answerLink } from "./read-answer";

export const help = `Usage: hushnote read [LINK|PRIVATE_LINK|-] [options]

Shows what the note is without opening it, then opens it (this uses up one view), asking for the
password if the note needs one. Text goes to stdout; on a terminal, control and invisible characters
in it are shown escaped (\x1b, \u202e), in a pipe it is exact. Attached files are saved in the current
directory under their own (cleaned) names, always as new files: never over an existing file, never
through a symlink. Files are written as they download, to a temporary file that takes the real name
only once the whole note has decrypted and authenticated; if anything fails it is deleted. A broken
download resumes where it stopped. Without LINK (or with -), the link is read from stdin or asked on
the terminal, so it does not appear in the process list. A password-only link ending in #v2 refuses
an older format.

A secret request's private link (/q/…, from hushnote request) opens its answer the same way, once:
the answer's key is unsealed here with the private key in the link. Without an answer yet, read
exits 6, or with --wait asks again until one comes, the request expires, or --timeout passes.

Options:
  -o, --output PATH     write to PATH (a file for a single item, else a directory); - = stdout, exact
                        (a file sent to stdout is written as it authenticates: if hushnote then
                        fails, discard what it wrote)
  --force               overwrite the existing file named by -o (never an attachment's name)
  --info                only show what the note is; do not open it
  --password-file F     read the password from the first line of F (or set HUSHNOTE_PASSWORD)
  --wait                for a private link: wait for the answer (Ctrl-C stops waiting)
  --timeout DURATION    with --wait: give up after DURATION (default: when the request expires)
  --json                print {text, tabs, files:[{name, type, size, path}], viewsLeft} on stdout
  -q, --quiet           no progress line on stderr
  -h, --help`;

const OPTIONS: Options = {
  output: { type: "string", short: "o" },
  force: { type: "boolean" },
  info: { type: "boolean" },
  "password-file": { type: "string" },
  quiet: { type: "boolean", short: "q" },
  wait: { type: "boolean" },
  timeout: { type: "string" },
};

/** What a final failure of the open means: the view is used up only if one of the tries reached the server. */
const UNSHOWN = "nothing was shown, and if the server received the request, that view may be used up";

/** Runs `hushnote read`. */
export async function read(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, OPTIONS, 1);
  if (values.help) return void console.log(help);
  const given = await readLinkArg(positionals[0], "Share link: ");
  const link = isPrivateLink(given) ? await answerLink(given, values) : given;
  const { server } = parseNoteLink(link);
  const out = values.output as string | undefined;
  await checkTarget(out, Boolean(values.force));

  const info = await inspect(link).catch(failWith(server));
  tell(describeNote(info.header, info.expiresAt, info.viewsLeft));
  if (values.info) return;
  const delivered = await open(link, info, values).catch(failWith(server, UNSHOWN));
  if (delivered.escaped) tell(escapedNotice(delivered.escaped, "-o FILE, -o - or a pipe"));
  for (const path of delivered.paths) tell(`Saved ${path}`);
  const { viewsLeft } = delivered;
  if (values.json) {
    const files = delivered.files.map((f, i) => ({ ...f, path: delivered.paths[i] ?? null }));
    console.log(safeJson({ text: delivered.text, tabs: delivered.tabs, files, viewsLeft }));
  }
  if (viewsLeft === 0) tell("That was the last view: the note is now destroyed.");
  else if (viewsLeft !== null) tell(`${viewsLeft} view${viewsLeft === 1 ? "" : "s"} left.`);
}

/**
 * Opens the note, asking for the password only if it has one (again after a typo, while the note allows it), and
 * delivers it as it downloads; --json carries the text inside the JSON (escaped there), so only files are delivered.
 */
async function open(link: string, info: NoteInfo, values: Values) {
  const download = progressFor("Downloading", { quiet: Boolean(values.quiet) });
  let opened = false;
  const interrupt = onInterrupt(() => (opened ? "no file was kept, and the view is spent" : "nothing was kept"));
  const onWait = (s: number) =>
    process.stderr.write(`The note has not reached this server location yet; retrying in ${s} s…\n`);
  try {
    const note = await withPassword({ file: values["password-file"] as string | undefined }, (password) =>
      readStream({ link, info, password, onWait, onDownload: download?.update, signal: interrupt.signal }),
    );
    opened = true;
    const out = values.output as string | undefined;
    const delivered = await deliver(note.events, out, Boolean(values.force), !values.json);
    return { ...delivered, viewsLeft: note.viewsLeft };
  } finally {
    download?.done();
    interrupt.dispose();
  }
}
