/** hushnote read: describe the note (SDK inspect, non-consuming), then open it (SDK read, consumes a view) and write it out. */
import { parse, type Options } from "../args";
import { describeNote } from "../describe";
import { failWith } from "../failure";
import { readLinkArg } from "../link-arg";
import { parseNoteLink } from "../links";
import { checkTarget, deliver } from "../output";
import { withPassword } from "../password";
import { progressFor } from "../progress";
import { inspect, read as readNote, type NoteInfo, type ReadNote } from "../sdk/read";

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

/** Runs `hushnote read`. */
export async function read(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, OPTIONS, 1);
  if (values.help) return void console.log(help);
  const link = await readLinkArg(positionals[0], "Share link: ");
  const { server } = parseNoteLink(link);
  const out = values.output as string | undefined;
  await checkTarget(out, Boolean(values.force));

  const info = await inspect(link).catch(failWith(server));
  process.stderr.write(`${describeNote(info.header, info.expiresAt, info.viewsLeft)}\n`);
  if (values.info) return;
  const note = await open(link, info, values["password-file"] as string | undefined).catch(failWith(server));
  const written = await deliver(note, out, Boolean(values.force));
  for (const path of written) process.stderr.write(`Saved ${path}\n`);
  const { viewsLeft } = note;
  if (values.json) {
    const files = note.files.map((f, i) => ({ name: f.name, type: f.type, size: f.bytes.length, path: written[i] ?? null }));
    console.log(JSON.stringify({ text: note.text, tabs: note.tabs, files, viewsLeft }));
  }
  process.stderr.write(viewsLeft === 0 ? "That was the last view: the note is now destroyed.\n" : viewsLeft === null ? "" : `${viewsLeft} view${viewsLeft === 1 ? "" : "s"} left.\n`);
}

/** Opens the note, asking for the password only if it has one (again after a typo, while the note allows it). */
async function open(link: string, info: NoteInfo, passwordFile: string | undefined): Promise<ReadNote> {
  const download = progressFor("Downloading", Infinity);
  const onWait = (s: number) => process.stderr.write(`The note has not reached this server location yet; retrying in ${s} s…\n`);
  try {
    return await withPassword({ file: passwordFile }, (password) =>
      readNote({ link, info, password, onWait, onDownload: (done, total) => download?.update(done, total) }));
  } finally {
    download?.done();
  }
}
