/** The client's two retry loops: 503 waits on reads (KV is eventually consistent) and retries of one transfer step. */
import { ApiError, MalformedAnswer } from "./http";

const ATTEMPTS = 6;
const DEFAULT_WAIT = 2;
// A server asking for more than this is better answered by the person than by a frozen client.
const MAX_WAIT = 10;

/** Runs `call`; on a 503 (which consumed nothing) waits as told, at most six tries in all. */
export async function retrying<T>(
  call: () => Promise<T>,
  onWait?: (seconds: number) => void,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 503 || attempt >= ATTEMPTS) throw error;
      const wait = Math.min(error.retryAfter ?? DEFAULT_WAIT, MAX_WAIT);
      onWait?.(wait);
      await pause(wait * 1000, signal);
    }
  }
}

/** How a transfer step is retried: at most `tries` calls, waiting `backoffMs`, then twice that, and so on. */
export interface Persistence {
  tries: number;
  backoffMs: number;
  signal?: AbortSignal;
}

/** A failure worth another try: no answer at all, a server error, or "too many requests" (not a malformed answer). */
export const transient = (error: unknown): error is ApiError =>
  error instanceof ApiError &&
  !(error instanceof MalformedAnswer) &&
  (error.status === 0 || error.status === 429 || error.status >= 500);

/**
 * Runs `call` until it succeeds, retrying transient failures only (a 4xx refusal or an abort is final at once); a
 * Retry-After from the server is honoured up to 10 s. The last failure is thrown when the tries run out.
 */
export async function persistently<T>(call: () => Promise<T>, how: Persistence): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    how.signal?.throwIfAborted();
    try {
      return await call();
    } catch (error) {
      if (!transient(error) || attempt >= how.tries) throw error;
      await pause(backoff(error, attempt, how.backoffMs), how.signal);
    }
  }
}

/** The wait before try `attempt + 1`: the server's Retry-After if it gave one, else doubling from `baseMs`. */
export function backoff(error: ApiError | null, attempt: number, baseMs: number): number {
  if (error?.retryAfter) return Math.min(error.retryAfter, MAX_WAIT) * 1000;
  return Math.min(baseMs * 2 ** (attempt - 1), MAX_WAIT * 1000);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const done = () => {
      signal?.removeEventListener("abort", stop);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", stop, { once: true });
  });
}
