/** Starts a Worker from a wrangler config on a free loopback port, with KV and Durable Objects kept in a given directory. */
import { unstable_startWorker } from "wrangler";

export interface PersistedWorker {
  /** e.g. "http://127.0.0.1:41234" */
  origin: string;
  /** Stops workerd; the state directory stays, for the next Worker to open. */
  stop(): Promise<void>;
}

/**
 * Unlike test/browser/server.ts this takes the config and the state directory from the caller: the upgrade test starts
 * two different Workers, one after the other, on one directory. Rate limits are off (every request is from 127.0.0.1).
 */
export async function startPersistedWorker(config: string, persist: string): Promise<PersistedWorker> {
  process.env.WRANGLER_SEND_METRICS = "false";
  const worker = await unstable_startWorker({
    config,
    bindings: {
      RATE_LIMITS: { type: "plain_text", value: "false" },
      HUSHNOTE_DEV: { type: "plain_text", value: "true" },
    },
    dev: {
      server: { hostname: "127.0.0.1", port: 0 },
      inspector: false,
      persist,
      watch: false,
      liveReload: false,
      logLevel: "warn",
    },
  });
  let url: URL;
  try {
    url = await worker.url;
    // wrangler reports a broken Worker on stderr but still hands out a URL; fail here, fast and clearly.
    const probe = await fetch(new URL("/api/config", url), { signal: AbortSignal.timeout(15_000) }).catch(
      (error: Error) => error,
    );
    if (probe instanceof Error || !probe.ok) {
      throw new Error(
        `The Worker from ${config} did not start: GET /api/config gave ${probe instanceof Error ? probe.message : probe.status}`,
      );
    }
  } catch (error) {
    await worker.dispose();
    throw error;
  }
  return { origin: url.origin, stop: () => worker.dispose() };
}
