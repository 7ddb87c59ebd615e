/** A payload whose files arrive as streams: its manifest prefix, its exact length, and its plaintext chunk by chunk. */
import { HushnoteCryptoError } from "./errors";
import { manifestOf, manifestPrefix } from "./payload";

/** One attached file, read as it is sealed: `size` is declared up front (it is in the manifest, before the bytes). */
export interface StreamFile {
  name: string;
  type: string;
  size: number;
  chunks: AsyncIterable<Uint8Array>;
}
/** Everything a note holds, with files as streams. */
export interface StreamPayload {
  text: string;
  tabs: { title: string; text: string }[];
  files: StreamFile[];
}

const isByteStream = (chunks: unknown): boolean =>
  typeof (chunks as AsyncIterable<Uint8Array> | null)?.[Symbol.asyncIterator] === "function";

/** The payload's manifest prefix and its whole plaintext length; throws HushnoteCryptoError for a malformed payload. */
export function streamManifest(p: StreamPayload): { prefix: Uint8Array; length: number } {
  const files = Array.isArray(p?.files) ? p.files : null;
  if (!files || files.some((f) => !isByteStream(f?.chunks)))
    throw new HushnoteCryptoError("payload files must carry chunks: an AsyncIterable of Uint8Array");
  const prefix = manifestPrefix(
    manifestOf(
      p,
      files.map((f) => ({ name: f.name, type: f.type, size: f.size })),
    ),
  );
  if (!prefix)
    throw new HushnoteCryptoError(
      "payload must have text, tabs of {title, text} and files of {name, type, size, chunks}",
    );
  return { prefix, length: files.reduce((sum, f) => sum + f.size, prefix.length) };
}

/**
 * The plaintext: the manifest prefix, then each file's chunks in order. A file that yields more bytes than its size
 * throws before the extra bytes are passed on, one that yields fewer throws at its end: it changed while being read.
 */
export async function* streamPlaintext(prefix: Uint8Array, files: StreamFile[]): AsyncGenerator<Uint8Array> {
  yield prefix;
  for (const [index, file] of files.entries()) {
    let read = 0;
    for await (const chunk of file.chunks) {
      if (!(chunk instanceof Uint8Array)) throw new HushnoteCryptoError(`file ${index} yielded something not bytes`);
      read += chunk.length;
      if (read > file.size)
        throw new HushnoteCryptoError(`file ${index} is longer than its declared ${file.size} bytes (it changed)`);
      if (chunk.length > 0) yield chunk;
    }
    if (read !== file.size)
      throw new HushnoteCryptoError(
        `file ${index} ended after ${read} of its declared ${file.size} bytes (it changed)`,
      );
  }
}
