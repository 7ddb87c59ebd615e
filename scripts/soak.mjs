// npm run soak [-- --quick] [--minutes N] [--rate R] [--seed N] [--json] [--log]
// A fixed-rate mixed workload through the CLI's SDK against the real `wrangler dev` on persisted state: p50/p99 per
// operation per time window, every delivered body checked against what was sent, the Worker runtime's resident memory
// after warm-up and at the end. Exit 1 on any error, and in full runs on memory growth of 10 % or more.
// Loopback only; stops by itself; the dev server's process group and the state directory go at the end or on ^C.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startDev, stopAllDev } from "./lib/wrangler-dev.mjs";
import { inspectorPortOf } from "./soak/heap.mjs";
import { growthPercent, runtimeProbe } from "./soak/memory.mjs";
import { createMix } from "./soak/mix.mjs";
import { noteWorkload } from "./soak/notes.mjs";
import { padWorkload } from "./soak/pads.mjs";
import { seededRandom } from "./soak/random.mjs";
import { print, verdict } from "./soak/report.mjs";
import { runSchedule } from "./soak/schedule.mjs";
import { createRecorder } from "./soak/stats.mjs";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    minutes: { type: "string" },
    rate: { type: "string", default: "10" },
    seed: { type: "string" },
    json: { type: "boolean", default: false },
    log: { type: "boolean", default: false },
  },
});
const rate = Number(args.rate);
const seconds = args.quick ? 45 : Number(args.minutes ?? 10) * 60;
if (!(rate > 0) || !(seconds > 0)) throw new Error("--rate and --minutes must be positive numbers");
const windowS = args.quick ? 15 : Math.min(60, seconds / 3);
const seed = args.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(args.seed);
/** Pad calls per second at most: each runs PBKDF2 (600,000 iterations) here, which would distort the figures. */
const PAD_RATE = Math.min(0.2, rate / 10);
const MAX_IN_FLIGHT = 64;

const persist = mkdtempSync(join(tmpdir(), "hushnote-soak-"));
const cleanUp = () => {
  stopAllDev();
  rmSync(persist, { recursive: true, force: true });
};
// Whatever ends this process (the end, an exception, ^C, a kill) ends the dev server group and removes the state.
process.once("exit", cleanUp);
process.once("SIGINT", () => process.exit(130));
process.once("SIGTERM", () => process.exit(143));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

async function soak() {
  const loadBefore = load();
  // Rate limits off: every request comes from one address, far over what a single client is allowed.
  const dev = await startDev({ persist, vars: { RATE_LIMITS: "false" }, log: args.log });
  try {
    const config = await (await fetch(`${dev.origin}/api/config`)).json();
    const probe = runtimeProbe(dev.workerPids, inspectorPortOf(dev.pgid));
    const random = seededRandom(seed);
    const notes = noteWorkload(dev.origin, config, random);
    const pads = padWorkload(dev.origin, config, random);
    const slot = createMix({ rate, padRate: PAD_RATE, random, ops: { ...notes.ops, ...pads.ops } });

    const startSample = await probe.sample();
    const t0 = performance.now();
    const windowMs = windowS * 1000;
    const recorder = createRecorder({ t0, windowMs });
    const samples = [startSample];
    const windowEnds = [];
    // A sample that fails (the runtime restarted) is one error, and the end of sampling: later ones would repeat it.
    let sampling = true;
    const sample = async () => {
      if (!sampling) return null;
      try {
        return await probe.sample();
      } catch (error) {
        sampling = false;
        recorder.incident("runtime", error);
        return null;
      }
    };
    const sampler = setInterval(async () => {
      const s = await sample();
      if (!s) return;
      samples.push(s);
      windowEnds[Math.round((s.at - t0) / windowMs) - 1] = s;
    }, windowMs);
    const total = Math.round(seconds * rate);
    let launched = 0;
    const schedule = await runSchedule({
      t0,
      rate,
      total,
      maxInFlight: MAX_IN_FLIGHT,
      startBy: seconds * 1000 + 5000,
      launch: async ({ index, due, late }) => {
        const { op, run } = slot(index);
        launched += 1;
        if (late) recorder.late(op);
        try {
          await run();
          recorder.ok(op, due, performance.now() - due);
        } catch (error) {
          recorder.failed(op, error);
        }
      },
    });
    clearInterval(sampler);
    if (schedule.unfinished > 0) recorder.incident("schedule", new Error(`${schedule.unfinished} never finished`));
    const end = await sample();
    // The last window's timer can fire after the schedule drained (and was cleared): the end sample closes it.
    if (end) windowEnds[Math.ceil(seconds / windowS) - 1] ??= end;
    // Warm-up: the first window (the runtime compiles, caches fill, the first Durable Objects start).
    const warm = samples[1] ?? null;
    const warmIndex = Math.round(windowS * rate);
    const cpuSecondsPer1000 =
      warm && end && launched > warmIndex ? (end.cpuMs - warm.cpuMs) / (launched - warmIndex) : null;
    const result = recorder.result();
    return {
      quick: args.quick,
      seconds,
      rate,
      windowS,
      seed,
      padRate: PAD_RATE,
      maxInFlight: MAX_IN_FLIGHT,
      origin: dev.origin,
      machine: { cpus: cpus().length, loadBefore, loadAfter: load() },
      schedule: { total, ...schedule },
      ops: result.ops,
      windows: result.windows,
      errors: result.errors,
      notes: notes.counts(),
      memory: {
        pids: probe.pids,
        startBytes: startSample.rss,
        warmBytes: warm?.rss ?? null,
        endBytes: end?.rss ?? null,
        growthPercent: warm && end ? growthPercent(warm, end) : null,
        peakBytes: Math.max(...samples.map((s) => s.rss), end?.rss ?? 0),
        heap: {
          startBytes: startSample.heapUsed,
          warmBytes: warm?.heapUsed ?? null,
          endBytes: end?.heapUsed ?? null,
          growthPercent: warm && end ? growthPercent(warm, end, "heapUsed") : null,
        },
        windowEnds: windowEnds.map((s) => s && { rss: s.rss, heapUsed: s.heapUsed }),
        cpuSecondsPer1000,
        // Growth per operation, to set beside a bare Worker's under the same runtime (the local KV alone grows some).
        kibPerOp: warm && end && launched > warmIndex ? (end.rss - warm.rss) / 1024 / (launched - warmIndex) : null,
      },
    };
  } finally {
    await dev.stop();
  }
}

try {
  const run = await soak();
  if (args.json) console.log(JSON.stringify({ ...run, verdict: verdict(run) }, null, 2));
  else print(run);
  process.exitCode = verdict(run).pass ? 0 : 1;
} catch (error) {
  console.error(`soak: ${error?.stack ?? error}`);
  process.exitCode = 1;
}
