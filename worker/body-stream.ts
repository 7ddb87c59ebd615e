/**
 * Bodies out of KV without the Worker touching the bytes: `KV.get` streams piped natively into the response, one part
 * after another. JavaScript sees a chunk only where a byte range starts or ends inside a part. (Uploads: body-upload.ts.)
 */
import { StatusError } from "./errors";

/** One stored part of a body; `size` is null only for bodies stored before sizes were recorded. */
export interface PartRef {
  key: string;
  size: number | null;
}
/** An inclusive byte range of a body. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Parses a `Range` header (one range: `bytes=a-`, `bytes=a-b` or `bytes=-n`) against a body of `size` bytes; null when
 * there is none or the size is unknown (the whole body is sent). 416 when unsatisfiable or asking for several ranges.
 */
export function parseRange(header: string | null, size: number | null): ByteRange | null {
  if (header === null || size === null) return null;
  const match = /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim());
  const unsatisfiable = () =>
    new StatusError(416, `Ask for one byte range within the body's ${size} bytes, e.g. "Range: bytes=1024-".`);
  if (!match || (match[1] === "" && match[2] === "")) throw unsatisfiable();
  let start: number;
  let end: number;
  if (match[1] === "") {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || end < start || (match[1] === "" && Number(match[2]) === 0)) throw unsatisfiable();
  return { start, end };
}

/**
 * Opens the KV stream of every part from index `from` on, confirming the body is readable here before anything is
 * consumed; null when any is missing, and KV's failure (StorageUnavailable) when it could not say. Only part `from`'s
 * stream is kept, at that index (for partsBody): the others are cancelled and fetched again in turn, so no more than
 * one part is ever held open ahead of the reader.
 */
export async function openParts(
  kv: KVNamespace,
  parts: PartRef[],
  from = 0,
): Promise<ReadableStream<Uint8Array>[] | null> {
  const wanted = parts.slice(from);
  const settled = await Promise.allSettled(wanted.map((part) => kv.get(part.key, "stream")));
  const streams = settled.map((result) => (result.status === "fulfilled" ? result.value : null));
  const failed = settled.find((result) => result.status === "rejected");
  const present = !failed && streams.every((stream) => stream !== null);
  const extra = present ? streams.slice(1) : streams;
  await Promise.all(extra.map((stream) => stream?.cancel().catch(() => undefined)));
  if (failed) throw failed.reason;
  if (!present) return null;
  // Sparse below `from`: partsBody skips the parts a range does not touch without opening them.
  const kept: ReadableStream<Uint8Array>[] = [];
  kept[from] = streams[0] as ReadableStream<Uint8Array>;
  return kept;
}

/** The index of the part holding byte `offset` of a body whose part sizes are all known. */
export function partAt(parts: PartRef[], offset: number): number {
  let end = 0;
  for (const [i, part] of parts.entries()) {
    end += part.size!;
    if (offset < end) return i;
  }
  return parts.length - 1;
}

/** The bytes a body answer carries: the range's, or the whole body's when every part's size is known; else null. */
function bodyLength(parts: PartRef[], range: ByteRange | null): number | null {
  if (range) return range.end - range.start + 1;
  return parts.every((part) => part.size !== null) ? parts.reduce((sum, part) => sum + part.size!, 0) : null;
}

/** A body answer (200, or 206 for a range) with its Content-Length whenever that is known, plus `headers`. */
export function bodyResponse(
  kv: KVNamespace,
  parts: PartRef[],
  range: ByteRange | null,
  opened: ReadableStream<Uint8Array>[],
  headers: Record<string, string>,
): Response {
  const response = new Response(partsBody(kv, parts, range, opened), {
    status: range ? 206 : 200,
    headers: { "Content-Type": "application/octet-stream", ...headers },
  });
  const length = bodyLength(parts, range);
  if (length !== null) response.headers.set("Content-Length", String(length));
  return response;
}

/**
 * The parts concatenated as one stream, or the `range` of them. The response carries its length whenever every size is
 * known. Parts are fetched one after another as the reader takes them (streams from `opened` are used first); a part
 * missing or failing mid-way aborts the stream, so the reader sees a short body and resumes with a range.
 */
export function partsBody(
  kv: KVNamespace,
  parts: PartRef[],
  range: ByteRange | null,
  opened?: ReadableStream<Uint8Array>[],
): ReadableStream<Uint8Array> {
  // The common case, one whole part already open, is KV's own stream: nothing to join, nothing copied.
  const only = parts.length === 1 && !range ? opened?.[0] : undefined;
  if (only) return only;
  const length = bodyLength(parts, range);
  const pipe = length === null ? new IdentityTransformStream() : new FixedLengthStream(length);
  pump(kv, parts, range, pipe.writable, opened ?? []).catch(() => undefined);
  return pipe.readable;
}

/** Copies each part (or the slice of it inside `range`) into `to`, natively where a whole part is wanted. */
async function pump(
  kv: KVNamespace,
  parts: PartRef[],
  range: ByteRange | null,
  to: WritableStream<Uint8Array>,
  opened: ReadableStream<Uint8Array>[],
): Promise<void> {
  let offset = 0;
  try {
    for (const [i, part] of parts.entries()) {
      const start = offset;
      const end = part.size === null ? Number.POSITIVE_INFINITY : offset + part.size - 1;
      offset = end + 1;
      const from = range ? Math.max(range.start, start) : start;
      const to_ = range ? Math.min(range.end, end) : end;
      if (from > to_) {
        await opened[i]?.cancel();
        continue;
      }
      const stream = opened[i] ?? (await kv.get(part.key, "stream"));
      if (!stream) throw new Error("a part of the body is missing from KV");
      if (from === start && to_ === end) await stream.pipeTo(to, { preventClose: true });
      else await copySlice(stream, to, from - start, to_ - start);
    }
    await to.close();
  } catch (error) {
    await Promise.all(opened.map((stream) => stream.cancel().catch(() => undefined)));
    await to.abort(error).catch(() => undefined);
  }
}

/** Copies bytes [first, last] (inclusive, relative to the stream's start) of `stream` into `to`, then cancels the rest. */
async function copySlice(
  stream: ReadableStream<Uint8Array>,
  to: WritableStream<Uint8Array>,
  first: number,
  last: number,
) {
  const reader = stream.getReader();
  const writer = to.getWriter();
  let position = 0;
  try {
    while (position <= last) {
      const { done, value } = await reader.read();
      if (done) throw new Error("a part of the body ended early");
      const chunkStart = position;
      position += value.byteLength;
      if (position <= first) continue;
      await writer.write(
        value.subarray(Math.max(0, first - chunkStart), Math.min(value.byteLength, last - chunkStart + 1)),
      );
    }
    await reader.cancel();
  } finally {
    reader.releaseLock();
    writer.releaseLock();
  }
}
