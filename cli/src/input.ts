/** What to send: a named file becomes an attachment; stdin becomes text (or an attachment if it is not UTF-8). */
import { readFile, stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import type { Payload } from "../../crypto/index";
import { usage } from "./errors";

// Enough for the browser to pick a sensible viewer; anything else downloads as octet-stream, which is always safe.
const TYPES: Record<string, string> = {
  ".txt": "text/plain",
  ".md": "text/markdown",
  ".json": "application/json",
  ".csv": "text/csv",
  ".pdf": "application/pdf",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".zip": "application/zip",
  ".gz": "application/gzip",
  ".pem": "application/x-pem-file",
  ".key": "application/octet-stream",
};

/** The MIME type announced for a file name. */
export const typeFor = (name: string) => TYPES[extname(name).toLowerCase()] ?? "application/octet-stream";

/** Reads all of stdin. */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/** Strict UTF-8 text, or null for bytes that are not (binary input must travel as a file, byte for byte). */
export function asText(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Builds the payload from FILE, or from stdin for "-" / no argument. */
export async function readInput(file: string | undefined): Promise<Payload> {
  if (file === undefined || file === "-") {
    if (process.stdin.isTTY) process.stderr.write("Type or paste the secret, then press Ctrl-D on a new line.\n");
    const bytes = await readStdin();
    if (bytes.length === 0) throw usage("nothing to send: the input is empty");
    const text = asText(bytes);
    return text !== null
      ? { text, tabs: [], files: [] }
      : { text: "", tabs: [], files: [{ name: "stdin.bin", type: "application/octet-stream", bytes }] };
  }
  let bytes: Buffer;
  try {
    if (!(await stat(file)).isFile()) throw usage(`${file} is not a regular file`);
    bytes = await readFile(file);
  } catch (error) {
    if (error instanceof Error && error.name === "CliError") throw error;
    throw usage(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  const name = basename(file);
  return { text: "", tabs: [], files: [{ name, type: typeFor(name), bytes }] };
}
