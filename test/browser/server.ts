/** Starts the real Worker (wrangler.toml, built pages, local KV and Durable Objects) on a free loopback port. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unstable_startWorker } from "wrangler";

export interface TestServer {
  /** e.g. "http://127.0.0.1:41234" */
  origin: string;
  stop(): Promise<void>;
}

/** Each call gets fresh, empty persistence in a temporary directory that `stop` removes. Run `npm run build` first. */
export async function startServer(vars: Record<string, string> = {}): Promise<TestServer> {
  process.env.WRANGLER_SEND_METRICS = "false";
  const persist = mkdtempSync(join(tmpdir(), "hushnote-e2e-"));
  const worker = await unstable_startWorker({
    config: "wrangler.toml",
    // Every e2e request comes from 127.0.0.1, so per-address limits would only make bursts flaky; the limits
    // themselves are tested in the Worker pool (test/worker/abuse.spec.ts). A test can still turn them on.
    bindings: Object.fromEntries(
      Object.entries({ RATE_LIMITS: "false", HUSHNOTE_DEV: "true", ...vars }).map(([name, value]) => [
        name,
        { type: "plain_text", value },
      ]),
    ),
    dev: {
      server: { hostname: "127.0.0.1", port: 0 },
      inspector: false,
      persist,
      watch: false,
      liveReload: false,
      logLevel: "warn",
    },
  });
  const url = await worker.url;
  // wrangler reports a broken Worker on stderr but still hands out a URL; fail here, fast and clearly.
  const probe = await fetch(new URL("/api/config", url), { signal: AbortSignal.timeout(15_000) }).catch(
    (error: Error) => error,
  );
  if (probe instanceof Error || !probe.ok) {
    await worker.dispose();
    rmSync(persist, { recursive: true, force: true });
    throw new Error(
      `The Worker did not start: GET /api/config gave ${probe instanceof Error ? probe.message : probe.status}`,
    );
  }
  return {
    origin: url.origin,
    async stop() {
      await worker.dispose();
      rmSync(persist, { recursive: true, force: true });
    },
  };
}
