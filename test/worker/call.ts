/** Calls into the Worker under test: its real router, Durable Objects and KV of the test pool. */
import { env } from "cloudflare:test";

export const ORIGIN = "https://hushnote.test";

export type CallInit = { json?: unknown; headers?: Record<string, string>; raw?: BodyInit };

/**
 * Calls the Worker's fetch handler as local development runs it: HUSHNOTE_DEV=true, which `npm start` sets too, so a
 * missing RATE_LIMIT_SECRET is not warned about at every request. `callWith` shows what a deployed instance does.
 */
export function call(method: string, path: string, init: CallInit = {}) {
  return callWith({}, method, path, init);
}

/**
 * Calls the Worker with some `[vars]` (or bindings) overridden, as an instance configured that way would run (real
 * DOs, and real KV unless `NOTES` is given). Overriding HUSHNOTE_DEV with "" gives a deployed instance's behaviour.
 */
export async function callWith(vars: Record<string, unknown>, method: string, path: string, init: CallInit = {}) {
  const { createExecutionContext, waitOnExecutionContext } = await import("cloudflare:test");
  const worker = (await import("../../worker/index")).default;
  const headers = new Headers(init.headers);
  let body: BodyInit | undefined = init.raw;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  }
  const request = new Request(ORIGIN + path, { method, headers, body });
  const ctx = createExecutionContext();
  // One env object when nothing is overridden, so the Worker reads its config once, as it does when deployed.
  const withVars = Object.keys(vars).length === 0 ? devEnv : ({ ...devEnv, ...vars } as Env);
  const response = await worker.fetch(request as Request<unknown, IncomingRequestCfProperties>, withVars, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

const devEnv = { ...env, HUSHNOTE_DEV: "true" } as Env;
