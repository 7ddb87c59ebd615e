/** The one wait-and-retry loop for 503 + Retry-After: KV is eventually consistent, so a fresh body may lag. */
import { ApiError } from "./http";

const ATTEMPTS = 6;
const DEFAULT_WAIT = 2;
// A server asking for more than this is better answered by the person than by a frozen client.
const MAX_WAIT = 10;

/** Runs `call`; on a 503 (which consumed nothing) waits as told, at most six tries in all. */
export async function retrying<T>(call: () => Promise<T>, onWait?: (seconds: number) => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 503 || attempt >= ATTEMPTS) throw error;
      const wait = Math.min(error.retryAfter ?? DEFAULT_WAIT, MAX_WAIT);
      onWait?.(wait);
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    }
  }
}
