/**
 * Where a decrypted note goes: text to stdout (escaped on a terminal), attachments to disk under safe names, always as
 * new files. The sender picks attachment names, so they never overwrite anything and never follow a link; only a path
 * the reader typed (-o FILE) may be overwritten, and only with --force.
 */
import { mkdir, open, stat } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import type { Payload } from "../../crypto/index";
import { usage } from "./errors";
import { safeName } from "./file-names";
import { isInteractive } from "./progress";
import { escapeText, reverseVideo } from "./terminal";

export { safeName };

async function kindOf(path: string): Promise<"missing" | "dir" | "file"> {
  try {
    return (await stat(path)).isDirectory() ? "dir" : "file";
  } catch {
    return "missing";
  }
}

/** Called before opening (which consumes a view): refuses an -o target that exists, unless --force or a directory. */
export async function checkTarget(out: string | undefined, force: boolean): Promise<void> {
  if (out && out !== "-" && !force && (await kindOf(out)) === "file")
    throw usage(`${out} exists; use --force to overwrite it`);
}

/**
 * Writes bytes to a new file at `path` (O_CREAT|O_EXCL, "wx": the open fails if anything is there, even a symlink,
 * which is never followed, and nothing can slip in between a check and the write); false if the name is taken.
 * `overwrite` is only ever set for the -o FILE the reader named together with --force.
 */
async function writeFileNew(path: string, bytes: Uint8Array, overwrite = false): Promise<boolean> {
  try {
    const handle = await open(path, overwrite ? "w" : "wx", 0o600);
    try {
      await handle.writeFile(bytes);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/** Writes into `dir` as `name`, or "name (1).ext" … when taken: the view is already spent, so the data must land somewhere. */
async function writeUnique(dir: string, name: string, bytes: Uint8Array): Promise<string> {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 0; n < 1000; n++) {
    const path = join(dir, n === 0 ? name : `${stem} (${n})${ext}`);
    if (await writeFileNew(path, bytes)) return path;
  }
  throw usage(`could not find a free name for ${name} in ${dir}`);
}

/** The text and tabs as one string, tabs after the text under their titles. */
export function textOf(payload: Payload): string {
  const parts = payload.text ? [payload.text] : [];
  for (const tab of payload.tabs) parts.push(`--- ${tab.title} ---\n${tab.text}`);
  return parts.join(parts.length > 1 ? "\n" : "");
}

/** Writes to a stream and waits until it has taken the bytes. */
const writeTo = (stream: NodeJS.WritableStream, bytes: Uint8Array | string) =>
  new Promise<void>((resolve, reject) => stream.write(bytes, (e) => (e ? reject(e) : resolve())));

const isTty = (stream: NodeJS.WritableStream) => "isTTY" in stream && stream.isTTY === true;

/**
 * Prints the sender's text; returns how many characters were shown escaped. On a terminal, hidden characters are
 * escaped and a missing final newline is added; `raw` (-o -) and anything that is not a terminal (a pipe, a file) get
 * the exact text, because a program reading it needs the bytes the sender wrote.
 */
export async function showText(
  text: string,
  raw: boolean,
  stdout: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  if (raw || !isTty(stdout)) {
    await writeTo(stdout, text);
    return 0;
  }
  const shown = escapeText(text, isInteractive(stdout as NodeJS.WriteStream) ? reverseVideo : undefined);
  await writeTo(stdout, shown.text.endsWith("\n") || !shown.text ? shown.text : `${shown.text}\n`);
  return shown.count;
}

/** What deliver did: the paths written (reported by the caller) and how many characters it showed escaped. */
export interface Delivered {
  paths: string[];
  escaped: number;
}

/** Delivers a decrypted payload: to `out` (a file, a directory, or "-" for raw stdout) or to stdout and the current directory. */
export async function deliver(
  payload: Payload,
  out: string | undefined,
  force: boolean,
  stdout: NodeJS.WritableStream = process.stdout,
): Promise<Delivered> {
  const text = textOf(payload);
  const files = payload.files;
  if (out === "-" && files.length === 1 && !text) {
    await writeTo(stdout, files[0]!.bytes);
    return { paths: [], escaped: 0 };
  }
  const target = out && out !== "-" ? await kindOf(out) : "missing";
  // One item (or an empty text) and a file name: that is where it goes.
  if (out && out !== "-" && target !== "dir" && files.length + (text ? 1 : 0) <= 1) {
    const bytes = files[0]?.bytes ?? new TextEncoder().encode(text);
    // checkTarget ran before opening; if the file appeared since, the view is spent, so keep the data under a free name.
    return {
      paths: [(await writeFileNew(out, bytes, force)) ? out : await writeUnique(dirname(out), basename(out), bytes)],
      escaped: 0,
    };
  }
  const escaped = text ? await showText(text, out === "-", stdout) : 0;
  let dir = ".";
  if (out && out !== "-") {
    if (target === "missing") await mkdir(out, { recursive: true });
    dir = out;
  }
  const paths: string[] = [];
  for (const file of files) paths.push(await writeUnique(dir, safeName(file.name), file.bytes));
  return { paths, escaped };
}
