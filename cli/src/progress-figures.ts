/** The figures of a transfer's progress line: bytes done of the total, speed over the last seconds, time left. */

const MIB = 1024 * 1024;
// Speed over the last few seconds, so a stall shows at once and one fast burst does not promise too much.
const WINDOW_MS = 4000;

const mib = (n: number) => (n / MIB).toFixed(1);

/** "45 s", "3 min 20 s", "1 h 5 min". */
export function formatSeconds(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/**
 * One line, ASCII only: "Uploading 42.0 / 100.0 MiB (42%), 38.5 MiB/s, 2 s left"; without a total (a server that did
 * not say) just the count and speed; no speed before there is one. Binary units throughout, like every size hushnote
 * prints (the server's limits are MiB).
 */
export function describeProgress(label: string, done: number, total: number, bytesPerSecond: number | null): string {
  const percent = total > 0 ? Math.floor((Math.min(done, total) / total) * 100) : null;
  const amount = percent === null ? `${mib(done)} MiB` : `${mib(done)} / ${mib(total)} MiB (${percent}%)`;
  if (bytesPerSecond === null || bytesPerSecond <= 0) return `${label} ${amount}`;
  const speed = `${mib(bytesPerSecond)} MiB/s`;
  if (percent === null || done >= total) return `${label} ${amount}, ${speed}`;
  return `${label} ${amount}, ${speed}, ${formatSeconds((total - done) / bytesPerSecond)} left`;
}

/** Measures bytes per second over a sliding window of recent samples. */
export class SpeedMeter {
  #samples: { at: number; done: number }[] = [];

  /** Records `done` bytes at time `at` (ms) and returns the speed, or null until a fifth of a second has passed. */
  sample(at: number, done: number): number | null {
    const samples = this.#samples;
    samples.push({ at, done });
    while (samples.length > 2 && at - samples[0]!.at > WINDOW_MS) samples.shift();
    const first = samples[0]!;
    const seconds = (at - first.at) / 1000;
    return seconds >= 0.2 ? (done - first.done) / seconds : null;
  }
}
