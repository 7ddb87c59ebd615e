/**
 * Uploads into KV without the Worker touching the bytes: the request body is piped natively through a FixedLengthStream
 * into `KV.put`. JavaScript sees only the chunks of the plaintext guard's 16 KiB sample. (Reading: body-stream.ts.)
 */
import { looksEncrypted } from "./ciphertext-check";
import { retryLater, StatusError } from "./errors";
import { logUnavailable, StorageUnavailable } from "./storage-guard";

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
  // A put that fails without reading on would leave the feed waiting on backpressure forever: its failure stops the feed.
  const stop = new AbortController();
  const stored = kv.put(key, fixed.readable, { expirationTtl: ttlSeconds + BACKSTOP_MARGIN });
  stored.catch((reason: unknown) => stop.abort(reason));
  const [put, fed] = await Promise.allSettled([stored, feed(prefix, body, fixed.writable, stop.signal)]);
  if (put.status === "fulfilled" && fed.status === "fulfilled") return;
  // Whatever KV kept of a failed upload goes (the local runtime keeps a short body's bytes even as the put fails).
  await kv.delete(key).catch(() => undefined);
  if (fed.status === "rejected" && fed.reason instanceof ClientFailed) throw wrongLength(size);
  if (put.status === "rejected" && isWrongLength(put.reason)) throw wrongLength(size);
  // Puts are not guarded (storage-guard.ts), so their failure is logged here, as a guarded call's would be.
  if (put.status === "rejected") logUnavailable(new StorageUnavailable("NOTES", "put", put.reason));
  throw retryLater(503, 5, "The body could not be stored just now. Nothing was kept; please try again.");
}

/** The client's body failed (it went away, or sent a broken stream) while KV was still taking it. */
class ClientFailed extends Error {}

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

/**
 * Writes the sampled chunks, then pipes the rest of the body natively (the fixed length errors on too few or too many
 * bytes); `stop` ends it when KV gave up. A failure not caused by `stop` is the client's.
 */
async function feed(
  prefix: Uint8Array[],
  body: ReadableStream<Uint8Array>,
  to: WritableStream<Uint8Array>,
  stop: AbortSignal,
) {
  try {
    if (prefix.length > 0) {
      const writer = to.getWriter();
      const stopped = new Promise<never>((_, reject) => stop.addEventListener("abort", () => reject(stop.reason)));
      stopped.catch(() => undefined);
      try {
        for (const chunk of prefix) await Promise.race([writer.write(chunk), stopped]);
      } finally {
        writer.releaseLock();
      }
    }
    await body.pipeTo(to, { signal: stop });
  } catch (error) {
    await body.cancel().catch(() => undefined);
    throw stop.aborted ? error : new ClientFailed("the upload's body failed", { cause: error });
  }
}

/**
 * A body shorter or longer than announced fails the put, not the feed: FixedLengthStream reports it to its reader. The
 * error may come wrapped (a StorageUnavailable, should the put ever be guarded), so its cause is looked at too.
 */
const isWrongLength = (reason: unknown): boolean =>
  (reason instanceof TypeError &&
    /did not see all expected bytes|too many bytes through a FixedLengthStream/.test(reason.message)) ||
  (reason instanceof Error && reason.cause !== undefined && isWrongLength(reason.cause));

function wrongLength(size: number): StatusError {
  return new StatusError(400, `The body was not the ${size} bytes its Content-Length announced. Nothing was kept.`);
}
