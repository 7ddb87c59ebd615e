/** One error type with a status, and the one place that renders errors as `{status, error}` JSON. */
import { error, StatusError } from "itty-router";
import { ConfigError } from "./config";
import { logEvent } from "./log";
import { StorageUnavailable } from "./storage-guard";

export { StatusError };

/** A StatusError that also tells the client when to retry (503, 429). */
export function retryLater(status: 429 | 503, seconds: number, message: string): StatusError {
  return new StatusError(status, { error: message, retryAfter: seconds });
}

/** Seconds a client waits before retrying after a storage failure. */
export const STORAGE_RETRY_SECONDS = 5;

/**
 * Renders any thrown value: known refusals as they are, a storage failure as 503 with Retry-After (every storage call
 * is safe to retry: creates, opens and saves carry the client's idempotency key), anything else as a bare 500.
 */
export function renderError(thrown: unknown): Response {
  // Logged by the guard when the call failed (storage-guard.ts).
  if (thrown instanceof StorageUnavailable) {
    thrown = retryLater(
      503,
      STORAGE_RETRY_SECONDS,
      "The server's storage did not answer just now. Please try again in a few seconds.",
    );
  }
  if (thrown instanceof StatusError) {
    const response = error(thrown);
    if (typeof thrown.retryAfter === "number") response.headers.set("Retry-After", String(thrown.retryAfter));
    return response;
  }
  // Never echo internals (messages, stacks) to clients. The log keeps the error class only, never content; a
  // ConfigError's message names a setting and its rule (no value), so the operator learns which one to fix.
  if (thrown instanceof ConfigError) {
    logEvent("worker.misconfigured", { setting: thrown.setting, problem: thrown.message });
  } else {
    logEvent("worker.error", { kind: thrown instanceof Error ? thrown.name : typeof thrown });
  }
  return error(500, "Something went wrong on the server. Nothing was changed; please try again.");
}
