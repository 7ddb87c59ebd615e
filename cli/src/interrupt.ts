/**
 * Ctrl-C (SIGINT) or SIGTERM during a transfer stops it cleanly instead of killing the process mid-write: the signal
 * aborts the transfer, so a half-uploaded note is cancelled on the server and half-written files are deleted. A
 * second Ctrl-C exits at once.
 */
import { CliError, EXIT } from "./errors";

/** An abort signal for one transfer; `dispose` gives the signals back to Node's defaults. */
export interface Interrupt {
  signal: AbortSignal;
  dispose(): void;
}

/** Listens for SIGINT and SIGTERM; the transfer then fails with a CliError saying `what()` (exit 130). */
export function onInterrupt(what: () => string): Interrupt {
  const controller = new AbortController();
  const stop = () => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    controller.abort(new CliError(EXIT.interrupted, `interrupted: ${what()}`));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  return {
    signal: controller.signal,
    dispose() {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
    },
  };
}
