/** Where a decrypted note goes: text to stdout, files to disk under safe names, never over an existing file. */
import { mkdir, open, stat } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import type { Payload } from "../../crypto/index";
import { usage } from "./errors";

/** A file name from the (untrusted) manifest, reduced to one harmless path component. */
export function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = basename(name.replace(/[\\/]/g, "_")).replace(/[\u0000-\u001f\u007f]/g, "").replace(/^\.+/, "").trim();
  return cleaned.slice(0, 200) || "file";
}

async function kindOf(path: string): Promise<"missing" | "dir" | "file"> {
  try {
    return (await stat(path)).isDirectory() ? "dir" : "file";
  } catch {
    return "missing";
  }
}

/** Called before opening (which consumes a view): refuses an -o target that exists, unless --force or a directory. */
export async function checkTarget(out: string | undefined, force: boolean): Promise<void> {
  if (out && out !== "-" && !force && (await kindOf(out)) === "file") throw usage(`${out} exists; use --force to overwrite it`);
}

/** Writes bytes to `path`; without `force` the open fails if the file exists (O_EXCL: no check-then-write race). */
async function writeFileNew(path: string, bytes: Uint8Array, force: boolean): Promise<boolean> {
  try {
    const handle = await open(path, force ? "w" : "wx", 0o600);
    try { await handle.writeFile(bytes); } finally { await handle.close(); }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/** Writes into `dir` as `name`, or "name (1).ext" … when taken: the view is already spent, so the data must land somewhere. */
async function writeUnique(dir: string, name: string, bytes: Uint8Array, force: boolean): Promise<string> {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 0; n < 1000; n++) {
    const path = join(dir, n === 0 ? name : `${stem} (${n})${ext}`);
    if (await writeFileNew(path, bytes, force)) return path;
  }
  throw usage(`could not find a free name for ${name} in ${dir}`);
}

/** The text and tabs as one string, tabs after the text under their titles. */
export function textOf(payload: Payload): string {
  const parts = payload.text ? [payload.text] : [];
  for (const tab of payload.tabs) parts.push(`--- ${tab.title} ---\n${tab.text}`);
  return parts.join(parts.length > 1 ? "\n" : "");
}

/** Delivers a decrypted payload; returns the paths written (reported on stderr by the caller). */
export async function deliver(payload: Payload, out: string | undefined, force: boolean, stdout: NodeJS.WritableStream = process.stdout): Promise<string[]> {
  const text = textOf(payload);
  const files = payload.files;
  const toStdout = (bytes: Uint8Array | string) => new Promise<void>((resolve, reject) => stdout.write(bytes, (e) => (e ? reject(e) : resolve())));
  if (out === "-" && files.length === 1 && !text) {
    await toStdout(files[0]!.bytes);
    return [];
  }
  const target = out && out !== "-" ? await kindOf(out) : "missing";
  // One item and a file name: that is where it goes.
  if (out && out !== "-" && target !== "dir" && (files.length + (text ? 1 : 0)) === 1) {
    const bytes = files[0]?.bytes ?? new TextEncoder().encode(text);
    // checkTarget ran before opening; if the file appeared since, the view is spent, so keep the data under a free name.
    return [(await writeFileNew(out, bytes, force)) ? out : await writeUnique(dirname(out), basename(out), bytes, false)];
  }
  if (text) await toStdout(text.endsWith("\n") || !("isTTY" in stdout && stdout.isTTY) ? text : `${text}\n`);
  let dir = ".";
  if (out && out !== "-") {
    if (target === "missing") await mkdir(out, { recursive: true });
    dir = out;
  }
  const written: string[] = [];
  for (const file of files) written.push(await writeUnique(dir, safeName(file.name), file.bytes, force));
  return written;
}
