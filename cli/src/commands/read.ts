/** hushnote read: describe the note (SDK inspect, non-consuming), then open it (SDK read, consumes a view) and write it out. */
import { type Options, parse } from "../args";
import { describeNote } from "../describe";
import { failWith } from "../failure";
import { readLinkArg } from "../link-arg";
import { parseNoteLink } from "../links";
import { checkTarget, deliver } from "../output";
import { withPassword } from "../password";
import { progressFor } from "../progress";
import { inspect, type NoteInfo, type ReadNote, read as readNote } from "../sdk/read";
import { escapedNotice, safeJson, tell } from "../terminal";

export const help = `Usage: hushnote read [LINK|-] [options]

Shows what the note is without opening it, then opens it (this uses up one view), asking for the
password if the note needs one. Text goes to stdout; on a terminal, control and invisible characters
in it are shown escaped (\x1b, \u202e), in a pipe it is exact. Attached files are saved in the current
directory under their own (cleaned) names, always as new files: never over an existing file, never
through a symlink. Without LINK (or with -), the link is read from stdin or asked on the terminal, so
it does not appear in the process list. A password-only link ending in #v2 refuses an older format.

Options:
  -o, --output PATH     write to PATH (a file for a single item, else a directory); - = stdout, exact
  --force               overwrite the existing file named by -o (never an attachment's name)
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

/** Runs `hushnote read`. */
export async function read(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, OPTIONS, 1);
  if (values.help) return void console.log(help);
  const link = await readLinkArg(positionals[0], "Share link: ");
  const { server } = parseNoteLink(link);
  const out = values.output as string | undefined;
  await checkTarget(out, Boolean(values.force));

  const info = await inspect(link).catch(failWith(server));
  tell(describeNote(info.header, info.expiresAt, info.viewsLeft));
  if (values.info) return;
  const note = await open(link, info, values["password-file"] as string | undefined).catch(failWith(server));
  // --json carries the text inside the JSON (escaped there), so only files are delivered.
  const { paths, escaped } = await deliver(
    values.json ? { ...note, text: "", tabs: [] } : note,
    out,
    Boolean(values.force),
  );
  if (escaped) tell(escapedNotice(escaped, "-o FILE, -o - or a pipe"));
  for (const path of paths) tell(`Saved ${path}`);
  const { viewsLeft } = note;
  if (values.json) {
    const files = note.files.map((f, i) => ({
      name: f.name,
      type: f.type,
      size: f.bytes.length,
      path: paths[i] ?? null,
    }));
    console.log(safeJson({ text: note.text, tabs: note.tabs, files, viewsLeft }));
  }
  if (viewsLeft === 0) tell("That was the last view: the note is now destroyed.");
  else if (viewsLeft !== null) tell(`${viewsLeft} view${viewsLeft === 1 ? "" : "s"} left.`);
}

/** Opens the note, asking for the password only if it has one (again after a typo, while the note allows it). */
async function open(link: string, info: NoteInfo, passwordFile: string | undefined): Promise<ReadNote> {
  const download = progressFor("Downloading", Infinity);
  const onWait = (s: number) =>
    process.stderr.write(`The note has not reached this server location yet; retrying in ${s} s…\n`);
  try {
    return await withPassword({ file: passwordFile }, (password) =>
      readNote({ link, info, password, onWait, onDownload: (done, total) => download?.update(done, total) }),
    );
  } finally {
    download?.done();
  }
}
