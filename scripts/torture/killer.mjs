// The crashes: at seeded random moments the whole `wrangler dev` process group is SIGKILLed (wrangler, esbuild and
// both workerd runtimes, mid-request), then started again at once on the same state and port.
import { startDev } from "../lib/wrangler-dev.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * `kills` moments within [startMs, endMs] from now: one in each equal slot, away from the slot's edges, so that the
 * runtime serves a while between two crashes.
 */
export function killTimes(random, kills, startMs, endMs) {
  const slot = (endMs - startMs) / kills;
  return Array.from({ length: kills }, (_, i) => Math.round(startMs + slot * i + slot * (0.2 + 0.6 * random.next())));
}

/** Waits until a create, open or pad save is in flight (`run.busy`), for at most `ms`; says whether one was. */
async function midRequest(run, ms) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(5)) if (run.busy > 0) return true;
  return false;
}

/**
 * Kills and restarts `run.dev` at `times` (ms after `t0`), each time as soon as a consuming request is in flight (2 s
 * at most), since a crash between two requests proves little; `run.dev` always holds the current server. Resolves
 * with one entry per crash: when, the pids killed, whether requests were in flight, and how long the server was down
 * (kill to /healthz 200 again).
 */
export async function killer(run, times, { vars, log }) {
  const crashes = [];
  for (const at of times) {
    await sleep(Math.max(0, run.t0 + at - Date.now()));
    const inFlight = (await midRequest(run, 2000)) ? run.busy : 0;
    const pids = run.dev.workerPids();
    const down = Date.now();
    await run.dev.kill("SIGKILL");
    const killedMs = Date.now() - down;
    run.dev = await startDev({ persist: run.persist, port: run.port, vars, log });
    crashes.push({ at: down - run.t0, pids, inFlight, killedMs, downMs: Date.now() - down });
  }
  return crashes;
}
