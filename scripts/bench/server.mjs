// Starts wrangler's dev server on a free loopback port with its own temporary state, and stops it (its whole process
// group).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { workerdUnder } from "./proc.mjs";

/** A port the kernel just handed out on 127.0.0.1 (free unless someone takes it in the next instant). */
export function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * The workerd processes of a `wrangler dev`: `proxy` is wrangler's proxy runtime listening on our port (every request
 * passes through it), `worker` the runtime that runs the Worker together with its local KV and Durable Objects.
 */
function runtimeOf(wranglerPid, port) {
  const all = workerdUnder(wranglerPid);
  const isProxy = (p) => p.cmdline.includes(`entry=127.0.0.1:${port} `);
  return { proxy: all.filter(isProxy).map((p) => p.pid), worker: all.filter((p) => !isProxy(p)).map((p) => p.pid) };
}

/** Every server started here, so that an interrupted or failed run still stops them all. */
const running = new Set();

/** Kills every server this process started and has not stopped (synchronous, so it can run from an exit handler). */
export function stopAll() {
  for (const kill of running) kill();
}

/**
 * Runs wrangler's dev server (dev-server.mjs: `wrangler dev` without its file watcher) for `config` (default the
 * project's wrangler.toml; `assets` a snapshot of the built pages) and waits until `probe` answers 200. Returns its origin, the workerd processes it runs, and
 * stop(). Telemetry off; state in a fresh temporary directory.
 */
export async function startWrangler({
  config = "wrangler.toml",
  vars = {},
  assets,
  probe = "/api/config",
  log = false,
}) {
  const port = await freePort();
  const persist = mkdtempSync(join(tmpdir(), "hushnote-bench-state-"));
  const options = JSON.stringify({ config, port, persist, vars, assets });
  const child = spawn(process.execPath, ["scripts/bench/dev-server.mjs", options], {
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so one kill reaches it, its esbuild and every workerd it started.
    detached: true,
  });
  let output = "";
  const keep = (chunk) => {
    output = (output + chunk).slice(-4000);
    if (log) process.stderr.write(chunk);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let stopped = false;
  // At once, synchronously (an exit handler, the watchdog): the whole process group.
  const kill = () => {
    stopped = true;
    running.delete(kill);
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {} // already gone
    rmSync(persist, { recursive: true, force: true });
  };
  running.add(kill);
  // Normally: let the dev server dispose (it cleans up after itself), then make sure of the group anyway.
  const stop = async () => {
    if (stopped) return;
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    }
    kill();
  };
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) break;
    try {
      // A hung answer (a Worker that failed to build) must not hang the bench: each probe gives up after 5 s.
      if ((await fetch(`${origin}${probe}`, { signal: AbortSignal.timeout(5000) })).ok) {
        return { origin, port, runtime: runtimeOf(child.pid, port), stop };
      }
    } catch {} // not listening yet
    await new Promise((r) => setTimeout(r, 250));
  }
  kill();
  throw new Error(`the dev server did not start within 60 s:\n${output}`);
}
