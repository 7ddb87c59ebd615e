// Starts `wrangler dev` on a free loopback port with its own temporary state, and stops it (its whole process group).
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

/** Stops every server this process started (synchronous, so it can run from an exit handler). */
export function stopAll() {
  for (const stop of running) stop();
}

/**
 * Runs `wrangler dev` (with `config`, default the project's wrangler.toml) and waits until `probe` answers 200.
 * Returns its origin, the workerd processes it runs, and stop(). Telemetry off; state in a fresh temporary dir.
 */
export async function startWrangler({ config, vars = {}, probe = "/api/config", log = false } = {}) {
  const port = await freePort();
  const state = mkdtempSync(join(tmpdir(), "hushnote-bench-state-"));
  const args = ["dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", state, "--log-level", "warn"];
  if (config) args.push("--config", config);
  for (const [name, value] of Object.entries(vars)) args.push("--var", `${name}:${value}`);
  const child = spawn("node_modules/.bin/wrangler", args, {
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    stdio: ["ignore", log ? "inherit" : "ignore", log ? "inherit" : "pipe"],
    // Its own process group, so one kill reaches wrangler, its esbuild and every workerd it started.
    detached: true,
  });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    running.delete(stop);
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {} // already gone
    rmSync(state, { recursive: true, force: true });
  };
  running.add(stop);
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) break;
    try {
      // A hung answer (a Worker that failed to build) must not hang the bench: each probe gives up after 5 s.
      if ((await fetch(`${origin}${probe}`, { signal: AbortSignal.timeout(5000) })).ok) {
        return { origin, port, wranglerPid: child.pid, runtime: runtimeOf(child.pid, port), stop };
      }
    } catch {} // not listening yet
    await new Promise((r) => setTimeout(r, 250));
  }
  stop();
  throw new Error(`wrangler dev did not start within 60 s:\n${stderr}`);
}
