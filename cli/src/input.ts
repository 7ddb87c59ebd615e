/** What to send: named files become attachments, streamed from disk; stdin becomes text (or an attachment if not UTF-8). */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { basename, extname } from "node:path";
import type { StreamFile, StreamPayload } from "../../crypto/index";
import { CliError, usage } from "./errors";

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

/** What `send` encrypts: text or files, each file read from disk as it is sealed. */
export type Input = StreamPayload;

/** Builds the payload from stdin, for "-" or no argument, held in memory: its size must be known before sealing. */
async function fromStdin(): Promise<Input> {
  if (process.stdin.isTTY) process.stderr.write("Type or paste the secret, then press Ctrl-D on a new line.\n");
  const bytes = await readStdin();
  if (bytes.length === 0) throw usage("nothing to send: the input is empty");
  const text = asText(bytes);
  return text !== null
    ? { text, tabs: [], files: [] }
    : {
        text: "",
        tabs: [],
        files: [{ name: "stdin.bin", type: "application/octet-stream", size: bytes.length, chunks: once(bytes) }],
      };
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/**
 * One named file as an attachment, read from disk chunk by chunk only while it is sealed. Opening it here makes an
 * unreadable file fail before the password is asked; a file that changes size meanwhile fails the seal.
 */
async function fromFile(file: string): Promise<StreamFile> {
  let size: number;
  try {
    const handle = await open(file, "r");
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw usage(`${file} is not a regular file`);
      size = info.size;
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw usage(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  const name = basename(file);
  return { name, type: typeFor(name), size, chunks: createReadStream(file) };
}

/** Builds the payload from FILEs, or from stdin for "-" / no argument. */
export async function readInput(files: string[]): Promise<Input> {
  if (files.length === 0 || (files.length === 1 && files[0] === "-")) return fromStdin();
  if (files.includes("-")) throw usage('"-" (stdin) cannot be sent together with files');
  const read: StreamFile[] = [];
  for (const file of files) read.push(await fromFile(file));
  return { text: "", tabs: [], files: read };
}
