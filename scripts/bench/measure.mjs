// Timing one piece of work against the runtime's own accounting: wall time, and the CPU its workerd processes used.
import { cpuMs } from "./proc.mjs";

/** CPU ms used so far by a server's workerd processes, the Worker's runtime and wrangler's proxy apart. */
const cpuOf = (runtime) => ({ worker: cpuMs(runtime.worker), proxy: cpuMs(runtime.proxy) });

/** Runs `work` once; returns its result, its wall ms and the CPU ms each runtime used meanwhile. */
export async function measured(runtime, work) {
  const before = cpuOf(runtime);
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  const after = cpuOf(runtime);
  return { result, ms, cpu: { worker: after.worker - before.worker, proxy: after.proxy - before.proxy } };
}

/** CPU ms per second the runtime burns doing nothing (timers, simulators), measured over `seconds` of quiet. */
export async function idleRate(runtime, seconds) {
  const { cpu } = await measured(runtime, () => new Promise((r) => setTimeout(r, seconds * 1000)));
  return { worker: cpu.worker / seconds, proxy: cpu.proxy / seconds };
}

/**
 * Sums a batch of measurements into per-run figures: MB/s over the batch's total bytes and time (MB = 10^6 bytes),
 * and (for measurements that have it) CPU ms per run with the idle rate over the same wall time taken off (never below
 * zero).
 */
export function summarize(runs, bytesPerRun, idle) {
  const ms = runs.reduce((sum, r) => sum + r.ms, 0);
  const speed = {
    runs: runs.length,
    msPerRun: ms / runs.length,
    mbps: (bytesPerRun * runs.length) / 1e6 / (ms / 1000),
  };
  if (!runs[0]?.cpu) return speed;
  const cpu = (which) => {
    const used = runs.reduce((sum, r) => sum + r.cpu[which], 0) - (idle ? idle[which] * (ms / 1000) : 0);
    return Math.max(0, used) / runs.length;
  };
  return { ...speed, cpuMsPerRun: { worker: cpu("worker"), proxy: cpu("proxy") } };
}
