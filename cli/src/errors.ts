/** The CLI's one error type: a message for a person and the exit code scripts branch on. */

/** Exit codes (documented in `hushnote --help` and docs/CLI.md). */
export const EXIT = {
  ok: 0,
  usage: 1,
  gone: 2,
  wrongPassword: 3,
  server: 4,
  // Not in the list: a script must tell "merge and retry" apart from "the server is down".
  conflict: 5,
  // A secret request with no answer yet: a script polls on it, where "gone" (2) means stop.
  waiting: 6,
  // 128 + SIGINT, as a shell reports a command stopped by Ctrl-C.
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Thrown anywhere in the CLI; main() prints the message on stderr and exits with `code`. */
export class CliError extends Error {
  constructor(
    readonly code: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export const usage = (message: string) => new CliError(EXIT.usage, message);
