// The soak's figures as aligned tables for people (print) and the verdict that decides the exit code (verdict).

const MIB = 1024 * 1024;
const ms = (n) => (n === null || n === undefined ? "–" : n >= 100 ? n.toFixed(0) : n.toFixed(1));
const align = (cells, widths) => cells.map((cell, i) => String(cell).padStart(widths[i])).join("  ");

/** Right-aligned columns, each as wide as its widest cell. */
function table(head, rows) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  return [align(head, widths), ...rows.map((r) => align(r, widths))].join("\n");
}

const clock = (seconds) => `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, "0")}`;

/**
 * What fails the run: any error (failed call, wrong answer, an operation not started or not finished, a runtime
 * restart), and in full runs memory growth of 10 % or more after warm-up. --quick is too short for growth to mean
 * much (the runtime is still filling its caches), so there it is only reported.
 */
export function verdict(run) {
  const reasons = [];
  const errors = run.errors.reduce((sum, e) => sum + e.count, 0);
  if (errors > 0) reasons.push(`${errors} error(s)`);
  if (run.schedule.unstarted > 0) reasons.push(`${run.schedule.unstarted} operation(s) never started`);
  if (run.schedule.unfinished > 0) reasons.push(`${run.schedule.unfinished} operation(s) never finished`);
  const growth = run.memory.growthPercent;
  if (!run.quick && (growth === null || growth >= 10))
    reasons.push(growth === null ? "no memory figures" : `memory grew ${growth.toFixed(1)} % (limit 10 %)`);
  return { pass: reasons.length === 0, reasons, errors };
}

/** Prints the run: parameters, per-operation totals, p50/p99 per window, memory and CPU, errors, verdict. */
export function print(run, out = console.log) {
  const { ops, windows, memory, schedule } = run;
  const names = Object.keys(ops).sort();
  out(
    `soak: ${run.seconds} s at ${run.rate} operations/s (open loop, at most ${run.maxInFlight} at once), ` +
      `${run.windowS} s windows, seed ${run.seed}${run.quick ? ", --quick" : ""}`,
  );
  out(
    `against wrangler dev on ${run.origin} (rate limits off: one client address sends it all); notepad calls at ` +
      `${run.padRate}/s, since each stretches its password (PBKDF2) in this process and would load the machine`,
  );
  out(
    `machine: ${run.machine.cpus} CPUs, load average ${run.machine.loadBefore} before, ${run.machine.loadAfter} after`,
  );
  out("\nper operation (ms from the scheduled start; late = started over 100 ms after its slot)");
  out(
    table(
      ["operation", "ok", "errors", "late", "p50", "p99", "max", "mean"],
      names.map((n) => [
        n,
        ops[n].count,
        ops[n].errors,
        ops[n].late,
        ms(ops[n].p50),
        ms(ops[n].p99),
        ms(ops[n].max),
        ms(ops[n].mean),
      ]),
    ),
  );
  const total = names.reduce((sum, n) => sum + ops[n].count + ops[n].errors, 0);
  out(
    `${total} operations: ${schedule.started} started, ${schedule.unstarted} never started, ` +
      `${schedule.unfinished} unfinished; ${names.reduce((s, n) => s + ops[n].late, 0)} late`,
  );
  out("\np50/p99 ms per window (by scheduled start); the runtime's RSS and the Worker's JS heap at the window's end");
  const at = (w, field) => (memory.windowEnds[w.index] ? (memory.windowEnds[w.index][field] / MIB).toFixed(1) : "–");
  out(
    table(
      ["window", "ops", "RSS MiB", "heap MiB", ...names],
      windows.map((w) => [
        clock(w.startS),
        Object.values(w.ops).reduce((s, o) => s + o.count, 0),
        at(w, "rss"),
        at(w, "heapUsed"),
        ...names.map((n) => (w.ops[n] ? `${ms(w.ops[n].p50)}/${ms(w.ops[n].p99)}` : "–")),
      ]),
    ),
  );
  out("\nmemory: the runtime = workerd running the Worker with its local KV and Durable Objects (not the proxy); the");
  out(
    "heap = V8's used heap of the isolate that runs hushnote's Worker and Durable Object code (no forced collection)",
  );
  const mib = (b) => (b === null ? "–" : `${(b / MIB).toFixed(1)} MiB`);
  const pct = (p) => (p === null ? "–" : `${p.toFixed(1)} %`);
  const { heap } = memory;
  out(
    table(
      ["", "at start", "after warm-up", "at end", "growth", "peak sampled"],
      [
        [
          "runtime RSS",
          mib(memory.startBytes),
          mib(memory.warmBytes),
          mib(memory.endBytes),
          pct(memory.growthPercent),
          mib(memory.peakBytes),
        ],
        ["Worker JS heap", mib(heap.startBytes), mib(heap.warmBytes), mib(heap.endBytes), pct(heap.growthPercent), "–"],
      ],
    ),
  );
  const fixed = (n, digits) => (n === null ? "–" : n.toFixed(digits));
  out(
    `RSS growth per operation after warm-up: ${fixed(memory.kibPerOp, 1)} KiB; ` +
      `runtime CPU: ${fixed(memory.cpuSecondsPer1000, 2)} s per 1000 operations (idle time included)`,
  );
  if (run.quick) out("(--quick: growth is reported, not judged; the runtime is still warming up in 45 s)");
  if (run.errors.length > 0) {
    out("\nerrors by kind");
    out(
      table(
        ["operation", "kind", "count", "example"],
        run.errors.map((e) => [e.op, e.kind, e.count, e.example]),
      ),
    );
  }
  const v = verdict(run);
  out(v.pass ? `\nPASS: no errors${run.quick ? "" : ", memory growth under 10 %"}` : `\nFAIL: ${v.reasons.join("; ")}`);
}
