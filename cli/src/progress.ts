/**
 * The progress line of a transfer on stderr: redrawn in place on a capable terminal, a plain line now and then
 * anywhere else (a pipe, a log file, TERM=dumb, NO_COLOR), nothing with --quiet or for a body too small to take a while.
 */
import { describeProgress, SpeedMeter } from "./progress-figures";

/** Receives byte counts (`total` 0 when unknown); `done` ends the line. */
export interface Progress {
  update(done: number, total: number): void;
  done(): void;
}

/** Where and how a progress line is shown. */
export interface ProgressOptions {
  /** --quiet: no progress at all. */
  quiet?: boolean;
  stream?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
  /** Milliseconds, for tests. */
  now?: () => number;
}

/** Above this many bytes a transfer gets a progress line. */
export const PROGRESS_THRESHOLD = 4 * 1024 * 1024;
/** A redrawn line changes at most this often: readable, and cheap next to the transfer. */
const REDRAW_MS = 200;
/** A plain line is written for every further quarter done, and at least this often on a slow transfer. */
const PLAIN_EVERY_MS = 30_000;

/**
 * Whether `stream` may get a redrawn line with escape sequences: a terminal, not TERM=dumb (which cannot erase a
 * line), and no NO_COLOR (https://no-color.org: any non-empty value; its users also ask for no cursor tricks).
 */
export function isInteractive(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && env.TERM !== "dumb" && !env.NO_COLOR;
}

/** A progress line labelled `label` ("Uploading"), or undefined with --quiet. */
export function progressFor(label: string, options: ProgressOptions = {}): Progress | undefined {
  if (options.quiet) return undefined;
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const redraw = isInteractive(stream, options.env ?? process.env);
  const meter = new SpeedMeter();
  let shown = false;
  // A redrawn line appears at once; a plain one by quarters, or after PLAIN_EVERY_MS without one.
  let lastAt: number | null = redraw ? Number.NEGATIVE_INFINITY : null;
  let lastQuarter = 0;
  return {
    update(done, total) {
      const at = now();
      const speed = meter.sample(at, done);
      lastAt ??= at;
      if (Math.max(done, total) < PROGRESS_THRESHOLD) return;
      const line = () => describeProgress(label, done, total, speed);
      if (redraw) {
        if (!(total > 0 && done >= total) && at - lastAt < REDRAW_MS) return;
        stream.write(`\r${line()}\x1b[K`);
      } else {
        const quarter = total > 0 ? Math.floor((Math.min(done, total) / total) * 4) : 0;
        if (quarter <= lastQuarter && at - lastAt < PLAIN_EVERY_MS) return;
        lastQuarter = quarter;
        stream.write(`${line()}\n`);
      }
      lastAt = at;
      shown = true;
    },
    done() {
      if (shown && redraw) stream.write("\r\x1b[K");
      shown = false;
    },
  };
}
