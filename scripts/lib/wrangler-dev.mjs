// The real `wrangler dev` (the CLI a self-hoster runs) on a loopback port with persisted state, in its own process
// group, so that a crash test can SIGKILL the whole runtime at once and start it again on the same state.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { workerdUnder } from "../bench/proc.mjs";
import { freePort } from "../bench/server.mjs";

const ROOT = resolve(import.meta.dirname, "../..");

/** Every group started here and not yet stopped, so that an exit handler can end them all. */
const running = new Map();

/** SIGKILLs every dev server this process started and has not stopped (synchronous: safe in an exit handler). */
export function stopAllDev() {
  for (const end of running.values()) end();
}

/**
 * The project's wrangler.toml copied into a scratch directory with absolute paths, so that wrangler's build
 * directories (.wrangler/tmp, left behind whenever the group is SIGKILLed) land there and go with it, not in the tree.
 */
function scratchConfig() {
  const dir = mkdtempSync(join(tmpdir(), "hushnote-dev-"));
  let text = readFileSync(join(ROOT, "wrangler.toml"), "utf8");
  for (const key of ["main", "directory"]) {
    const line = new RegExp(`^${key} = "(.*)"$`, "m");
    if (!line.test(text)) throw new Error(`wrangler.toml has no ${key} = "…" line to make absolute`);
    text = text.replace(line, (_, path) => `${key} = ${JSON.stringify(resolve(ROOT, path))}`);
  }
  writeFileSync(join(dir, "wrangler.toml"), text);
  return dir;
}

/** True while any process of the group is alive (zombies included until they are reaped). */
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `wrangler dev` on `persist` (a directory the caller owns and removes) and `port` (default a free one), with
 * HUSHNOTE_DEV and `vars` as --var, telemetry, live reload and the interactive keys off, and waits until GET /healthz
 * answers 200 (`timeoutMs`). `log`: copy its output to stderr. The CLI has no switch for its file watcher, so an
 * edit to worker/ or a rebuild of public/ during a run restarts the Worker (a graceful restart, not a crash).
 */
export async function startDev({ persist, port, vars = {}, log = false, timeoutMs = 90_000 }) {
  if (!persist) throw new Error("startDev needs a persist directory");
  port ??= await freePort();
  const scratch = scratchConfig();
  const args = [
    ...["node_modules/wrangler/bin/wrangler.js", "dev", "-c", join(scratch, "wrangler.toml")],
    ...["--ip", "127.0.0.1", "--port", String(port), "--persist-to", persist],
    // Its own inspector port: wrangler's default (9229, 9230…) collides when two dev servers start at once.
    ...["--inspector-ip", "127.0.0.1", "--inspector-port", String(await freePort())],
    ...["--show-interactive-dev-session=false", "--live-reload=false", "--log-level", "warn"],
    ...["--var", "HUSHNOTE_DEV:true"],
    ...Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: one signal reaches wrangler, its esbuild and both workerd runtimes.
    detached: true,
  });
  const pgid = child.pid;
  let output = "";
  const keep = (chunk) => {
    output = (output + chunk).slice(-8000);
    if (log) process.stderr.write(chunk);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise((r) => child.once("exit", r));

  const signal = (name) => {
    try {
      process.kill(-pgid, name);
    } catch {} // the group is already gone
  };
  // Synchronous last resort (exit handlers): the whole group, and the scratch config with its build directories.
  const end = () => {
    running.delete(pgid);
    signal("SIGKILL");
    rmSync(scratch, { recursive: true, force: true });
  };
  running.set(pgid, end);

  /** Sends `name` to the whole group and waits until every process in it has ended (10 s at most, then SIGKILL). */
  const kill = async (name = "SIGKILL") => {
    signal(name);
    await Promise.race([exited, sleep(10_000)]);
    for (let i = 0; groupAlive(pgid); i++) {
      if (i === 100) signal("SIGKILL");
      await sleep(50);
    }
    end();
  };
  /** SIGTERM first, so wrangler disposes its runtime cleanly; SIGKILL after 5 s. */
  const stop = async () => {
    if (!running.has(pgid)) return;
    signal("SIGTERM");
    await Promise.race([exited, sleep(5000)]);
    await kill("SIGKILL");
  };
  /** The workerd processes running the Worker with its local KV and Durable Objects (not the proxy on our port). */
  const workerPids = () =>
    workerdUnder(pgid)
      .filter((p) => !p.cmdline.includes(`entry=127.0.0.1:${port} `))
      .map((p) => p.pid);

  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    try {
      // A hung answer (a Worker that failed to build) must not hang the caller: each probe gives up after 5 s.
      const answer = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(5000) });
      last = `${answer.status} ${(await answer.text()).slice(0, 300)}`;
      if (answer.status === 200) return { origin, port, pgid, persist, workerPids, kill, stop, output: () => output };
    } catch {} // not listening yet
    await sleep(200);
  }
  await kill();
  throw new Error(`wrangler dev did not answer /healthz 200 within ${timeoutMs / 1000} s (last: ${last}):\n${output}`);
}
