// The soak's clock: an open-loop schedule. Operation n is due at t0 + n / rate whatever earlier ones are doing, so a
// slow server meets the same arrival rate instead of being offered less work (a closed loop would hide a slowdown).

/**
 * Starts `total` operations at `rate` per second through `launch({index, due, late})` (an async function), at most
 * `maxInFlight` at once. An operation that cannot start within `lateMs` of its due time (the cap was full, or the
 * timer fired late) still starts, as soon as it can, with `late: true`. Nothing is started after `startBy` (ms from
 * t0): those are reported as `unstarted`. Resolves once every started operation settled or `drainMs` passed after the
 * last start, with the count of those still running (`unfinished`).
 */
export function runSchedule({ t0, rate, total, launch, maxInFlight = 64, lateMs = 100, startBy, drainMs = 60_000 }) {
  const period = 1000 / rate;
  const running = new Set();
  let next = 0;
  let timer = null;
  let finished = false;
  return new Promise((resolve, reject) => {
    const finish = async () => {
      finished = true;
      const drained = Promise.allSettled([...running]).then(() => true);
      const gaveUp = new Promise((r) => {
        timer = setTimeout(() => r(false), drainMs);
      });
      const settled = await Promise.race([drained, gaveUp]);
      clearTimeout(timer);
      resolve({ started: next, unstarted: total - next, unfinished: settled ? 0 : running.size });
    };
    const tick = () => {
      timer = null;
      try {
        const now = performance.now();
        while (next < total && t0 + next * period <= now && running.size < maxInFlight) {
          if (now - t0 > startBy) break;
          const due = t0 + next * period;
          // launch reports its own failures; one that throws is a bug in the soak, which ends the run.
          const operation = launch({ index: next, due, late: now - due > lateMs })
            .catch(reject)
            .finally(() => {
              running.delete(operation);
              // A freed slot may let a waiting operation start before its neighbour's timer.
              if (!finished && timer === null) tick();
            });
          running.add(operation);
          next += 1;
        }
        if (next >= total || performance.now() - t0 > startBy) return void finish();
        // Wait for the next due time; when the cap is full, the next finish calls tick instead.
        if (running.size < maxInFlight) timer = setTimeout(tick, Math.max(0, t0 + next * period - performance.now()));
      } catch (error) {
        reject(error);
      }
    };
    tick();
  });
}
