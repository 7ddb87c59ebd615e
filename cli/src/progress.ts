/** A one-line byte counter on stderr, shown only on a capable terminal and only for bodies big enough to take a while. */

/** Receives byte counts; `done` clears the line. */
export interface Progress {
  update(done: number, total: number): void;
  done(): void;
}

/** Above this many bytes a transfer gets a progress line. */
export const PROGRESS_THRESHOLD = 4 * 1024 * 1024;

const mib = (n: number) => (n / (1024 * 1024)).toFixed(1);

/**
 * Whether `stream` may get a redrawn line with escape sequences: a terminal, not TERM=dumb (which cannot erase a
 * line), and no NO_COLOR (https://no-color.org: any non-empty value; its users also ask for no cursor tricks).
 */
export function isInteractive(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && env.TERM !== "dumb" && !env.NO_COLOR;
}

/** A progress line labelled `label`, or undefined when stderr is not an interactive terminal or the size is small. */
export function progressFor(
  label: string,
  size: number,
  stream: NodeJS.WriteStream = process.stderr,
): Progress | undefined {
  if (!isInteractive(stream) || size < PROGRESS_THRESHOLD) return undefined;
  let last = -1;
  let shown = false;
  return {
    update(done, total) {
      if (Math.max(done, total) < PROGRESS_THRESHOLD) return;
      // Unknown total (chunked answer): count in tenths of a MiB instead of percent.
      const step = total ? Math.floor((done / total) * 100) : Math.floor(done / 104858);
      if (step === last) return;
      last = step;
      shown = true;
      stream.write(
        total ? `\r${label} ${mib(done)} / ${mib(total)} MiB (${step}%)\x1b[K` : `\r${label} ${mib(done)} MiB\x1b[K`,
      );
    },
    done() {
      if (shown) stream.write("\r\x1b[K");
      shown = false;
    },
  };
}
