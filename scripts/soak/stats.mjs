// Latency and outcome bookkeeping of the soak: every operation lands in the time window its start was scheduled in,
// so a slow minute shows as a slow minute even when its operations finish in the next one.

/** Nearest-rank percentile (p in 0..1) of ascending `sorted`; null for no samples, so an empty cell stays empty. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1];
}

/** p50, p99, max and mean of a list of millisecond samples (copied, then sorted). */
export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((s, x) => s + x, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1] : null,
    mean: sorted.length ? sum / sorted.length : null,
  };
}

/** A failure's kind for the error table: the SDK's code, the HTTP status, a failed check, or the error's class. */
export function errorKind(error) {
  if (error?.name === "Mismatch") return `mismatch: ${error.what}`;
  if (error?.name === "SdkError") return `sdk ${error.code}`;
  if (error?.name === "ApiError") return `http ${error.status}`;
  if (error?.name === "TypeError" && /fetch failed/.test(error.message)) return "network";
  return error?.name ?? typeof error;
}

/**
 * Collects per-window, per-operation latencies (ms from the scheduled start, so time spent waiting for a free slot
 * counts), late starts and errors by kind. `windowMs` long windows counted from `t0` (performance.now() time).
 */
export function createRecorder({ t0, windowMs }) {
  const windows = new Map(); // index → Map(op → ms[])
  const totals = new Map(); // op → { ms[], errors, late }
  const errors = new Map(); // `${op} ${kind}` → { op, kind, count, example }
  const opTotals = (op) => {
    if (!totals.has(op)) totals.set(op, { ms: [], errors: 0, late: 0 });
    return totals.get(op);
  };
  const windowOf = (due) => Math.max(0, Math.floor((due - t0) / windowMs));
  return {
    windowOf,
    /** A finished operation that passed every check. */
    ok(op, due, ms) {
      const w = windowOf(due);
      if (!windows.has(w)) windows.set(w, new Map());
      const byOp = windows.get(w);
      if (!byOp.has(op)) byOp.set(op, []);
      byOp.get(op).push(ms);
      opTotals(op).ms.push(ms);
    },
    /** A started operation that could not start within the lateness bound of its slot. */
    late(op) {
      opTotals(op).late += 1;
    },
    /** A failed operation (thrown, refused, or a delivered body that is not what was sent). */
    failed(op, error) {
      opTotals(op).errors += 1;
      this.incident(op, error);
    },
    /** An error that is not one operation's (the runtime restarting, the schedule falling behind): counted, not timed. */
    incident(op, error) {
      const kind = errorKind(error);
      const key = `${op} ${kind}`;
      const entry = errors.get(key) ?? { op, kind, count: 0, example: String(error?.message ?? error).slice(0, 200) };
      entry.count += 1;
      errors.set(key, entry);
    },
    /** Everything as plain data: windows in order, op totals with their summaries, errors by kind. */
    result() {
      const windowList = [...windows.keys()]
        .sort((a, b) => a - b)
        .map((index) => ({
          index,
          startS: (index * windowMs) / 1000,
          ops: Object.fromEntries([...windows.get(index)].map(([op, ms]) => [op, summarize(ms)])),
        }));
      const ops = Object.fromEntries(
        [...totals].map(([op, t]) => [op, { ...summarize(t.ms), errors: t.errors, late: t.late }]),
      );
      return { windowMs, windows: windowList, ops, errors: [...errors.values()].sort((a, b) => b.count - a.count) };
    },
  };
}
