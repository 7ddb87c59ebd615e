/** The transfer progress bar of the create and open pages: bytes done of the total, speed and time left. */
import { byId } from "./dom";
import { formatBytes, t } from "./i18n";

// Speed over the last few seconds, so a stall shows at once and one fast burst does not promise too much.
const WINDOW_MS = 4000;
// The figures change at most this often: readable, and cheap next to the transfer itself.
const REDRAW_MS = 250;

/** "45 s", "3 min 20 s", "1 h 5 min": abbreviated units, which need no plural forms. */
function formatSeconds(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) return t("note.progress.seconds", { seconds: s });
  if (s < 3600) return t("note.progress.minutes", { minutes: Math.floor(s / 60), seconds: s % 60 });
  return t("note.progress.hours", { hours: Math.floor(s / 3600), minutes: Math.floor((s % 3600) / 60) });
}

/** One line of figures: "12.0 MB of 100.0 MB · 8.1 MB/s · about 11 s left" (no speed until there is one). */
function describeProgress(done: number, total: number, bytesPerSecond: number | null): string {
  const amount =
    total > 0 ? t("note.progress.of", { done: formatBytes(done), total: formatBytes(total) }) : formatBytes(done);
  if (bytesPerSecond === null || bytesPerSecond <= 0) return amount;
  const speed = formatBytes(bytesPerSecond);
  if (total <= 0 || done >= total) return t("note.progress.speed", { amount, speed });
  const left = formatSeconds((total - done) / bytesPerSecond);
  return t("note.progress.speed.left", { amount, speed, left });
}

/**
 * Shows `#progress-bar` and `#progress-figures` for one transfer and returns the callback to feed byte counts
 * (the protocol's onProgress shape). A total of 0 (a server that did not say) leaves the bar indeterminate. While the
 * bytes stall, the figures keep being redrawn each second, so the speed falls and the time left grows visibly.
 */
export function trackProgress(): (done: number, total: number) => void {
  const bar = byId<HTMLProgressElement>("progress-bar");
  const figures = byId("progress-figures");
  const samples: { at: number; done: number }[] = [];
  let latest = { done: 0, total: 0 };
  let drawn = 0;
  let stall: ReturnType<typeof setTimeout> | undefined;
  bar.removeAttribute("value");
  figures.textContent = "";
  const sample = (done: number) => {
    const now = performance.now();
    samples.push({ at: now, done });
    while (samples.length > 2 && now - samples[0]!.at > WINDOW_MS) samples.shift();
    return now;
  };
  const draw = (now: number) => {
    drawn = now;
    const { done, total } = latest;
    const first = samples[0]!;
    const elapsed = (now - first.at) / 1000;
    if (total > 0) {
      bar.max = total;
      bar.value = Math.min(done, total);
    }
    figures.textContent = describeProgress(done, total, elapsed > 0.2 ? (done - first.done) / elapsed : null);
  };
  const watch = () => {
    clearTimeout(stall);
    stall = setTimeout(() => {
      // The transfer ended or was cancelled: the bar is hidden, nothing more to say.
      if (figures.closest("[hidden]")) return;
      draw(sample(latest.done));
      watch();
    }, 1000);
  };
  return (done, total) => {
    latest = { done, total };
    const now = sample(done);
    if (total > 0 && done >= total) {
      clearTimeout(stall);
      return draw(now);
    }
    if (now - drawn >= REDRAW_MS) draw(now);
    watch();
  };
}
