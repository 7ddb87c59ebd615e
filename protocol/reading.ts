/** Reads: the GETs of the API, which change nothing and so are retried on any transient failure. */
import { type Hooks, request } from "./http";
import { CALLS, persistence, persistently } from "./retry";

/**
 * A GET, which changes nothing and so is retried like any transient failure (no answer, a 5xx, a 429): a server
 * restarting for a few seconds must not fail a read that the request after it would have waited out.
 */
export const reading = <T>(
  base: string,
  path: string,
  headers: Record<string, string> = {},
  hooks: Pick<Hooks, "signal" | "backoffMs"> = {},
) => persistently(() => request<T>(base, path, { headers, signal: hooks.signal }), persistence(CALLS, hooks));
