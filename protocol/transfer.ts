/**
 * A note's body in transit: uploaded part by part (each retried alone) and downloaded as a stream that resumes
 * through the open's download grant with `Range`, so neither side ever holds more than a part.
 */
import { finishNoteBody, type OpenedNote, readNoteBody, uploadPart } from "./api";
import { ApiError, MalformedAnswer, malformed, type ProgressHook } from "./http";
import { BACKOFF_MS, backoff, pause, persistently, transient } from "./retry";

/** Progress over the whole body, cancellation, and the first retry wait (doubling; tests shorten it). */
export interface TransferOptions {
  onProgress?: ProgressHook;
  signal?: AbortSignal;
  backoffMs?: number;
}

/** Calls per part, and resumes in a row without a new byte, before a transfer gives up. */
export const TRIES = 5;

/**
 * Cuts `body` into parts of exactly `parts` bytes (the sizes createNote answered) and PUTs each as soon as it is full
 * (the last once the body has ended), holding one part at a time. A part is retried alone on a network error, a 5xx
 * or a 429 (up to TRIES calls); any other refusal or an abort stops the upload at once. Throws if the body is not
 * exactly the parts' total length.
 */
export async function uploadBody(
  base: string,
  id: string,
  manageToken: string,
  parts: number[],
  body: AsyncIterable<Uint8Array>,
  opts: TransferOptions = {},
): Promise<void> {
  const { onProgress, signal } = opts;
  const total = parts.reduce((sum, size) => sum + size, 0);
  const buffer = new Uint8Array(Math.max(0, ...parts));
  let stored = 0;
  let n = 0;
  let filled = 0;
  const send = async (bytes: Uint8Array) => {
    const onUpload = onProgress && ((sent: number) => onProgress(stored + sent, total));
    const put = () => uploadPart(base, id, n, bytes, manageToken, { onUpload, signal });
    await persistently(put, { tries: TRIES, backoffMs: opts.backoffMs ?? BACKOFF_MS, signal });
    stored += bytes.length;
    onProgress?.(stored, total);
  };
  const last = parts.length - 1;
  const longer = () => new Error(`The body is longer than the ${total} bytes its parts were sized for.`);
  signal?.throwIfAborted();
  for await (const chunk of body) {
    signal?.throwIfAborted();
    for (let at = 0; at < chunk.length; ) {
      if (n > last || (n === last && filled === parts[n])) throw longer();
      const take = Math.min(parts[n]! - filled, chunk.length - at);
      buffer.set(chunk.subarray(at, at + take), filled);
      filled += take;
      at += take;
      // The last part waits for the body's end, so a body longer than announced never completes a note.
      if (filled < parts[n]! || n === last) continue;
      await send(buffer.subarray(0, filled));
      n++;
      filled = 0;
    }
  }
  if (n !== last || filled !== parts[n])
    throw new Error(`The body ended before the ${total} bytes its parts were sized for.`);
  await send(buffer.subarray(0, filled));
}

/**
 * The opened note's body as it arrives. When the stream breaks (or ends short of `meta.size`) it is fetched again
 * from the first missing byte with the grant and `Range: bytes=<received>-`, up to TRIES resumes in a row without a
 * new byte. Bytes already yielded cannot be taken back, so a resume must answer exactly that range: a 200 (the
 * whole body again) or a Content-Range starting elsewhere is an ApiError, never a silent restart. Once the last byte
 * arrived the grant is given back (best effort), which lets the server delete a burned note's body at once.
 */
export async function* downloadBody(
  base: string,
  id: string,
  opened: OpenedNote,
  opts: TransferOptions = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  const { meta } = opened;
  const { signal } = opts;
  const state = { received: 0 };
  let stream: ReadableStream<Uint8Array> | null = opened.body;
  let failures = 0;
  let failure: unknown = null;
  for (;;) {
    if (stream) {
      const before = state.received;
      const outcome = yield* drain(stream, meta.size, state, opts);
      if (outcome === "complete") break;
      if (state.received > before) failures = 0;
      failure = outcome.error;
    }
    if (++failures > TRIES) throw gaveUp(failure, state.received, meta.size);
    const last = failure instanceof ApiError ? failure : null;
    await pause(backoff(last, failures, opts.backoffMs ?? BACKOFF_MS), signal);
    try {
      stream = await readNoteBody(base, id, meta.grant, state.received, signal);
    } catch (error) {
      if (!transient(error)) throw error;
      stream = null;
      failure = error;
    }
  }
  await finishNoteBody(base, id, meta.grant).catch(() => undefined);
}

/** Yields one stream's chunks; answers "complete", or the error that broke it (an early end counts as one). */
async function* drain(
  stream: ReadableStream<Uint8Array>,
  size: number | null,
  state: { received: number },
  { onProgress, signal }: TransferOptions,
): AsyncGenerator<Uint8Array, "complete" | { error: unknown }, undefined> {
  const reader = stream.getReader();
  const stop = () => void reader.cancel(signal?.reason).catch(() => undefined);
  signal?.addEventListener("abort", stop, { once: true });
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      if (size !== null && state.received + next.value.length > size)
        throw malformed(`the body is longer than the ${size} bytes announced`);
      state.received += next.value.length;
      onProgress?.(state.received, size ?? 0);
      yield next.value;
    }
    // A body of unknown length (a note stored before parts) is whole when its stream ends cleanly.
    if (size === null || state.received === size) return "complete";
    return { error: new ApiError(0, `The body ended after ${state.received} of ${size} bytes.`) };
  } catch (error) {
    signal?.throwIfAborted();
    if (error instanceof MalformedAnswer) throw error;
    return { error };
  } finally {
    signal?.removeEventListener("abort", stop);
    // Releases the connection when the reader stopped early; harmless on a stream that already ended or broke.
    void reader.cancel().catch(() => undefined);
  }
}

function gaveUp(cause: unknown, received: number, size: number | null): ApiError {
  const status = cause instanceof ApiError ? cause.status : 0;
  const of = size === null ? "" : ` of ${size}`;
  return new ApiError(
    status,
    `The download broke off and could not be resumed after ${TRIES} tries (${received}${of} bytes arrived).`,
    {},
    null,
    { cause },
  );
}
