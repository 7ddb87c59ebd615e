// The crashes: at seeded random moments the whole `wrangler dev` process group is SIGKILLed (wrangler, esbuild and
// both workerd runtimes, mid-request), then started again at once on the same state and port.
import { startDev } from "../lib/wrangler-dev.mjs";
import { ambush } from "./wire.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * `kills` moments within [startMs, endMs] from now: one in each equal slot, away from the slot's edges, so that the
 * runtime serves a while between two crashes.
 */
export function killTimes(random, kills, startMs, endMs) {
  const slot = (endMs - startMs) / kills;
  return Array.from({ length: kills }, (_, i) => Math.round(startMs + slot * i + slot * (0.2 + 0.6 * random.next())));
}

/**
 * Waits until a request of `kind` is on the wire, for at most `ms`, then until any is (`ms` more); answers what is in
 * flight at the moment of the kill.
 */
async function midRequest(run, kind, ms) {
  const busy = () => Object.values(run.busy).reduce((a, b) => a + b, 0);
  const end = Date.now() + ms;
  while (Date.now() < end && run.busy[kind] === 0) await sleep(1);
  while (Date.now() < end + ms && busy() === 0) await sleep(1);
  return Object.entries(run.busy)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(", ");
}

/**
 * Kills and restarts `run.dev` at `times` (ms after `t0`), each time as soon as a request of a seeded kind is in
 * flight (2 s at most), since a crash between two requests proves little; `run.dev` always holds the current server.
 * Resolves with one entry per crash: when, the pids killed, what was in flight, and how long the server was down (kill
 * to /healthz 200 again). The crash that cuts an open's answer waits `outageMs` more before its restart.
 */
export async function killer(run, times, { vars, log, outageMs = 0 }) {
  const crashes = [];
  // The first crash cuts a pad save's answer, the last a create's, the middle one an open's (and stays down longer).
  const struck = times.length >> 1;
  const cuts = new Map([
    [0, "save"],
    [times.length - 1, "create"],
    [struck, "open"],
  ]);
  for (const [i, at] of times.entries()) {
    await sleep(Math.max(0, run.t0 + at - Date.now()));
    // Some crashes strike as an answer arrives (the server committed, the client never hears it): the SDK's retry of
    // the same request must get the first attempt's outcome. The others strike a seeded kind of request on the wire.
    const target = cuts.get(i);
    const cut = target !== undefined && (await ambush(run, target, 5000));
    const kind = target ?? run.random.pick(["create", "open", "save"]);
    const inFlight = cut ? `1 ${target} whose answer the crash cut` : await midRequest(run, kind, 2000);
    const pids = run.dev.workerPids();
    const down = Date.now();
    await run.dev.kill("SIGKILL");
    const killedMs = Date.now() - down;
    // That crash may stay down longer than the clients retry, so that some calls fail for good and the audit must
    // account for them (a view consumed without its answer, a save whose outcome the writer never learned).
    if (i === struck) await sleep(outageMs);
    run.dev = await startDev({ persist: run.persist, port: run.port, vars, log });
    crashes.push({ at: down - run.t0, pids, inFlight, killedMs, downMs: Date.now() - down });
  }
  return crashes;
}
