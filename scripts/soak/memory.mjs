// The Worker runtime's resident memory and CPU over the soak, read from /proc (Linux), never by asking the runtime.
import { readFileSync } from "node:fs";
import { cpuMs } from "../bench/proc.mjs";
import { workerHeap } from "./heap.mjs";

/** VmRSS of one process in bytes (reported in kB); proc.mjs keeps its reader private, this is its one-field twin. */
function vmRssBytes(pid) {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"));
  return line ? Number(line.split(/\s+/)[1]) * 1024 : 0;
}

/**
 * Samples `workerPids()` (the workerd processes that run the Worker with its local KV and Durable Objects, not the
 * proxy in front of them). The processes are fixed at the first sample: if they change, wrangler restarted the
 * runtime (its file watcher saw worker/ or public/ change) and the figures would compare two different processes,
 * so `sample` throws rather than report them. Each sample also asks the Worker's isolate (through the inspector on
 * `inspectorPort`) for its JS heap.
 */
export function runtimeProbe(workerPids, inspectorPort) {
  const first = workerPids();
  if (first.length === 0) throw new Error("found no workerd process running the Worker");
  const key = [...first].sort().join(",");
  return {
    pids: first,
    /** The runtime's RSS (bytes, summed), CPU used so far (ms) and the Worker's JS heap in use (bytes), at `at`. */
    async sample(at = performance.now()) {
      const now = workerPids();
      if ([...now].sort().join(",") !== key)
        throw new Error(
          `the Worker's runtime changed processes mid-run (${key} → ${now.join(",") || "none"}): wrangler restarted ` +
            "it (its file watcher reloads on edits to worker/ or public/), so memory and CPU cannot be compared",
        );
      let rss = 0;
      for (const pid of first) rss += vmRssBytes(pid);
      const cpu = cpuMs(first);
      return { at, rss, cpuMs: cpu, heapUsed: (await workerHeap(inspectorPort)).usedSize };
    },
  };
}

/** Growth of `field` from the warm-up sample to the end sample, in percent of the warm-up figure. */
export function growthPercent(start, end, field = "rss") {
  return ((end[field] - start[field]) / start[field]) * 100;
}
