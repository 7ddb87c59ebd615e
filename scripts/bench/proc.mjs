// Process accounting of the local runtime from /proc (Linux only): which processes are workerd, how much CPU they
// have used, and how much memory they hold at most. Nothing here asks the runtime anything.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";

/** utime and stime are counted in clock ticks (USER_HZ, almost always 100 per second). */
const TICK_MS = 1000 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));

/** The fields of /proc/<pid>/stat after the command name (which may itself hold spaces or parentheses). */
function statFields(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, "utf8");
  return {
    comm: text.slice(text.indexOf("(") + 1, text.lastIndexOf(")")),
    rest: text.slice(text.lastIndexOf(")") + 2).split(" "),
  };
}

/** Every live process under `root` (children, grandchildren…), found by scanning parent pids. */
function descendants(root) {
  const parents = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      parents.set(Number(name), Number(statFields(name).rest[1]));
    } catch {} // the process ended while we looked
  }
  const found = [];
  const frontier = [root];
  while (frontier.length > 0) {
    const parent = frontier.pop();
    for (const [pid, ppid] of parents) {
      if (ppid === parent) {
        found.push(pid);
        frontier.push(pid);
      }
    }
  }
  return found;
}

/** The workerd processes under `root`, with the command line that tells a proxy runtime from the Worker's. */
export function workerdUnder(root) {
  return descendants(root)
    .filter((pid) => {
      try {
        return statFields(pid).comm === "workerd";
      } catch {
        return false;
      }
    })
    .map((pid) => ({ pid, cmdline: readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim() }));
}

/** User + system CPU milliseconds used so far by these processes together (one clock tick, usually 10 ms, of resolution). */
export function cpuMs(pids) {
  let ticks = 0;
  for (const pid of pids) {
    let fields;
    try {
      fields = statFields(pid).rest;
    } catch {
      throw new Error(`workerd ${pid} ended mid-run (the runtime restarted), so its CPU figures would be wrong`);
    }
    // Fields 14 and 15 of stat (utime, stime) are at 11 and 12 once pid and comm are cut off.
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * TICK_MS;
}

/** One field of /proc/<pid>/status in bytes (VmRSS, VmHWM are reported in kB). */
function statusBytes(pid, field) {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${field}:`));
  return line ? Number(line.split(/\s+/)[1]) * 1024 : 0;
}

/**
 * Watches the resident memory of `pids` from now on: resets each kernel high-water mark (clear_refs 5) where the
 * kernel lets us, and also samples VmRSS every 50 ms, so a reset that is refused still leaves a measured peak.
 */
export function watchMemory(pids) {
  let hwmReset = true;
  for (const pid of pids) {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, "5");
    } catch {
      hwmReset = false;
    }
  }
  const sampledPeak = new Map(pids.map((pid) => [pid, statusBytes(pid, "VmRSS")]));
  const sample = () => {
    for (const pid of pids) sampledPeak.set(pid, Math.max(sampledPeak.get(pid), statusBytes(pid, "VmRSS")));
  };
  sample();
  const timer = setInterval(sample, 50);
  return {
    /** Stops sampling; per process the larger of the sampled peak and (if reset) the kernel's VmHWM. */
    stop() {
      clearInterval(timer);
      sample();
      const hwm = (pid) => (hwmReset ? statusBytes(pid, "VmHWM") : 0);
      return { perPid: pids.map((pid) => ({ pid, peak: Math.max(hwm(pid), sampledPeak.get(pid)) })), hwmReset };
    },
  };
}
