/**
 * Settings that leave a deployed instance weaker than its documentation says: logged at every request (so nobody can
 * miss them in Workers Logs or `wrangler tail`) and listed by /healthz. Local development says so explicitly with
 * HUSHNOTE_DEV=true (`npm start`, the test harnesses); a deployed Worker never has it unless someone sets it.
 */
import { logEvent } from "./log";

const NO_SECRET =
  "RATE_LIMIT_SECRET is not set: each isolate hashes client addresses with its own random key, so rate limits, the " +
  "per-network counts of wrong passwords and notepad device lanes hold per isolate only, and a single address can " +
  "use up a password-only note's tries. Set it: openssl rand -base64 32 | npx wrangler secret put RATE_LIMIT_SECRET";

/** What is wrong with this instance's configuration, as sentences for its operator (empty when nothing is). */
export function configWarnings(env: Env): string[] {
  const vars = env as unknown as Record<string, string | undefined>;
  if (vars.HUSHNOTE_DEV === "true") return [];
  return vars.RATE_LIMIT_SECRET ? [] : [NO_SECRET];
}

/** A router `before` step: one `worker.insecure_config` line per warning, on every request. */
export function warnIfInsecure(_request: Request, env: Env): void {
  for (const problem of configWarnings(env)) logEvent("worker.insecure_config", { problem }, "warn");
}
