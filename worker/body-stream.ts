/**
 * Body bytes between a client and KV without the Worker touching them: native streams end to end (a request body piped
 * through a FixedLengthStream into `KV.put`, `KV.get` streams piped into the response). JavaScript sees a chunk only for
 * the plaintext guard's 16 KiB sample and where a byte range starts or ends inside a part.
 */
import { looksEncrypted } from "./ciphertext-check";
import { retryLater, StatusError } from "./errors";

/** How much of an upload's start the plaintext guard examines (read before anything is written). */
export const SAMPLE_BYTES = 16 * 1024;
/** Extra life given to a body in KV beyond its owner's expiry, so KV's backstop never fires before the object's. */
const BACKSTOP_MARGIN = 3600;

/** Checks an octet-stream upload's headers: 415 other type, 411 no Content-Length, 413 over `max`; returns the length. */
export function uploadLength(request: Request, max: number): number {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/octet-stream") {
    throw new StatusError(415, "Send the body as raw bytes with Content-Type: application/octet-stream.");
  }
  const declared = request.headers.get("Content-Length");
  if (declared === null) throw new StatusError(411, "Send the body's length in Content-Length.");
  if (!/^\d{1,15}$/.test(declared)) throw new StatusError(400, "Content-Length must be a whole number of bytes.");
  const length = Number(declared);
  if (length > max) throw new StatusError(413, `The body is larger than this accepts (${max} bytes).`);
  return length;
}

/**
 * Streams the request body, exactly `size` bytes, into KV under `key`. With `sample`, the first 16 KiB are read and
 * checked by the plaintext guard before anything is written. Throws 400 (a body of another length, or one that
 * compresses like plaintext) or 503 (KV failed); nothing is stored when it throws.
 */
export async function putFromRequest(
  kv: KVNamespace,
  key: string,
  request: Request,
  size: number,
  ttlSeconds: number,
  sample: boolean,
): Promise<void> {
  const body = request.body;
  if (!body) throw wrongLength(size);
  const prefix = sample ? await readSample(body, size) : [];
  const fixed = new FixedLengthStream(size);
  const stored = kv.put(key, fixed.readable, { expirationTtl: ttlSeconds + BACKSTOP_MARGIN });
  const fed = feed(prefix, body, fixed.writable);
  const [put, fedResult] = await Promise.allSettled([stored, fed]);
  if (fedResult.status === "rejected" || put.status === "rejected") {
    // Whatever KV kept of a failed upload goes (the local runtime keeps a short body's bytes even as the put fails).
    await kv.delete(key).catch(() => undefined);
    if (fedResult.status === "rejected")
      throw fedResult.reason instanceof StatusError ? fedResult.reason : wrongLength(size);
    if (isWrongLength(put.status === "rejected" ? put.reason : null)) throw wrongLength(size);
    throw retryLater(503, 5, "The body could not be stored just now. Nothing was kept; please try again.");
  }
}

/** Reads up to SAMPLE_BYTES from the body's start and refuses it when it compresses like plaintext. */
async function readSample(body: ReadableStream<Uint8Array>, size: number): Promise<Uint8Array[]> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let got = 0;
  try {
    while (got < Math.min(SAMPLE_BYTES, size)) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      got += value.byteLength;
    }
    const sample = new Uint8Array(Math.min(got, SAMPLE_BYTES));
    let at = 0;
    for (const chunk of chunks) {
      if (at >= sample.length) break;
      const take = chunk.subarray(0, sample.length - at);
      sample.set(take, at);
      at += take.length;
    }
    if (!(await looksEncrypted(sample))) {
      await reader.cancel();
      throw new StatusError(400, "The body looks like plaintext, not ciphertext: encrypt it on the client first.");
    }
    return chunks;
  } finally {
    reader.releaseLock();
  }
}

/** Writes the sampled chunks, then pipes the rest of the body natively; the fixed length errors on too few or many. */
async function feed(prefix: Uint8Array[], body: ReadableStream<Uint8Array>, to: WritableStream<Uint8Array>) {
  if (prefix.length > 0) {
    const writer = to.getWriter();
    try {
      for (const chunk of prefix) await writer.write(chunk);
    } catch (error) {
      await body.cancel().catch(() => undefined);
      throw error;
    } finally {
      writer.releaseLock();
    }
  }
  await body.pipeTo(to);
}

/** A body shorter or longer than announced fails the put, not the feed: FixedLengthStream reports it to its reader. */
const isWrongLength = (reason: unknown) =>
  reason instanceof TypeError &&
  /did not see all expected bytes|too many bytes through a FixedLengthStream/.test(reason.message);

function wrongLength(size: number): StatusError {
  return new StatusError(400, `The body was not the ${size} bytes its Content-Length announced. Nothing was kept.`);
}

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
 * Opens every part's KV stream, confirming the whole body is readable here before anything is consumed; null when any
 * is missing. Only the first part's stream is kept (for partsBody): the others are cancelled and fetched again in
 * turn, so no more than one part is ever held open ahead of the reader.
 */
export async function openParts(kv: KVNamespace, parts: PartRef[]): Promise<ReadableStream<Uint8Array>[] | null> {
  const streams = await Promise.all(parts.map((part) => kv.get(part.key, "stream").catch(() => null)));
  const present = streams.every((stream) => stream !== null);
  const extra = present ? streams.slice(1) : streams;
  await Promise.all(extra.map((stream) => stream?.cancel().catch(() => undefined)));
  return present ? [streams[0] as ReadableStream<Uint8Array>] : null;
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
  const sizes = parts.map((part) => part.size);
  const total = sizes.every((size) => size !== null) ? (sizes as number[]).reduce((a, b) => a + b, 0) : null;
  const length = range ? range.end - range.start + 1 : total;
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
