/**
 * The client's retry loops: 503 waits on reads (KV is eventually consistent), and retries of a request the server
 * recognises when it comes again (a transfer step, or a create, open or save carrying its idempotency key), so that a
 * lost answer costs a retry, never a second note, a second view or a second version.
 */
import { ApiError, type Hooks, MalformedAnswer } from "./http";

const ATTEMPTS = 6;
const DEFAULT_WAIT = 2;
// A server asking for more than this is better answered by the person than by a frozen client.
const MAX_WAIT = 10;
/** The first wait before retrying a failure the server gave no Retry-After for; it doubles after each try. */
export const BACKOFF_MS = 1000;
/** Calls of a create, save or delete before it gives up (an open has six, counting its 503 waits). */
export const CALLS = 5;

/**
 * Runs `call`, at most six tries in all: a 503 (which consumed nothing) is waited out as the server says, telling
 * `onWait`. With `repeatable` (the request carries the key its first attempt committed under: an open's grant) no
 * answer at all or another 5xx is retried too, after a doubling backoff. A 429, any other 4xx and a malformed answer
 * are final.
 */
export async function retrying<T>(
  call: () => Promise<T>,
  hooks: Pick<Hooks, "onWait" | "signal" | "backoffMs"> = {},
  repeatable = false,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof ApiError) || attempt >= ATTEMPTS) throw error;
      if (error.status === 503) {
        const wait = Math.min(error.retryAfter ?? DEFAULT_WAIT, MAX_WAIT);
        hooks.onWait?.(wait);
        await pause(wait * 1000, hooks.signal);
      } else if (repeatable && answerLost(error)) {
        await pause(backoff(error, attempt, hooks.backoffMs ?? BACKOFF_MS), hooks.signal);
      } else throw error;
    }
  }
}

/** How a request is retried: at most `tries` calls, waiting `backoffMs`, then twice that, and so on. */
export interface Persistence {
  tries: number;
  backoffMs: number;
  signal?: AbortSignal;
  /** Which failures are worth another try: `transient` unless said. */
  retryOn?: (error: unknown) => error is ApiError;
}

/** Persistence for a call of `tries` tries with the caller's hooks (its signal and backoff). */
export const persistence = (tries: number, hooks: Pick<Hooks, "signal" | "backoffMs">): Persistence => ({
  tries,
  backoffMs: hooks.backoffMs ?? BACKOFF_MS,
  signal: hooks.signal,
});

/** A failure worth another try: no answer at all, a server error, or "too many requests" (not a malformed answer). */
export const transient = (error: unknown): error is ApiError =>
  error instanceof ApiError &&
  !(error instanceof MalformedAnswer) &&
  (error.status === 0 || error.status === 429 || error.status >= 500);

/** No answer at all, or a server error (not a malformed answer): the request may have been carried out. */
export const answerLost = (error: unknown): error is ApiError =>
  error instanceof ApiError && !(error instanceof MalformedAnswer) && (error.status === 0 || error.status >= 500);

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
      if (!(how.retryOn ?? transient)(error) || attempt >= how.tries) throw error;
      await pause(backoff(error, attempt, how.backoffMs), how.signal);
    }
  }
}

/**
 * Deletes with retries: a 404 after a transient failure means that the attempt whose answer was lost deleted it, so
 * it resolves as deleted; a 404 on the first call stays an error (there was nothing to delete).
 */
export async function deleting(call: () => Promise<unknown>, how: Persistence): Promise<void> {
  let failed = false;
  await persistently(async () => {
    try {
      await call();
    } catch (error) {
      if (failed && error instanceof ApiError && error.status === 404) return;
      failed ||= transient(error);
      throw error;
    }
  }, how);
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
