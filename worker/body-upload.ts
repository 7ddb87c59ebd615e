/**
 * Uploads into KV without the Worker touching the bytes: the request body is piped natively through a FixedLengthStream
 * into `KV.put`. JavaScript sees only the chunks of the plaintext guard's 16 KiB sample. (Reading: body-stream.ts.)
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
