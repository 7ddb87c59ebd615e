/** hushnote's command-line entry: dispatch to a command, turn every failure into a sentence and an exit code. */
import { HushnoteCryptoError } from "../../crypto/index";
import { ArgumentError } from "./args";
import { remove, status } from "./commands/manage";
import { pad } from "./commands/pad";
import { read } from "./commands/read";
import { request } from "./commands/request";
import { respond } from "./commands/respond";
import { send } from "./commands/send";
import { CliError, EXIT, usage } from "./errors";
import { neutralise, tell } from "./terminal";

declare const __HUSHNOTE_VERSION__: string | undefined;

/** The package version, inlined by cli/build.mjs from cli/package.json; "dev" when the sources run unbundled. */
export const VERSION = typeof __HUSHNOTE_VERSION__ === "string" ? __HUSHNOTE_VERSION__ : "dev";

export const HELP = `hushnote: zero-knowledge notes and one-time secrets from the terminal.
Everything is encrypted and decrypted on this machine; the server only ever sees ciphertext.

Usage:
  hushnote send [FILE...|-] [--ttl 1h] [--views 1] [--password] [--json]  create a note
  hushnote read [LINK|-] [-o PATH] [--force]                           open a note
  hushnote request [--ttl 1d] [--answers 1] [--note TEXT]              ask someone for a secret
  hushnote respond REQUEST_LINK [FILE|-]                               answer a request
  hushnote read PRIVATE_LINK [--wait]                                  open a request's answer, once
  hushnote status [MANAGE_LINK|-]                                      receipt: opened? destroyed?
  hushnote delete [MANAGE_LINK|-]                                      destroy a note now
  hushnote pad get NAME [-o FILE|-]                                    print a password notepad
  hushnote pad put NAME [FILE|-] [--force]                             save a password notepad
  hushnote pad delete NAME                                             delete a password notepad

Every command takes --help and --server URL (default $HUSHNOTE_SERVER, else http://127.0.0.1:8787).
Passwords: --password (asked without echo), --password-file F, or HUSHNOTE_PASSWORD; never arguments.

hushnote --version prints the version.

On a terminal, control and invisible characters in note text are shown escaped (\x1b, \u202e);
-o FILE, -o - and pipes get the exact text. Attachments are always saved as new files.

Exit codes: 0 ok, 1 usage, 2 not found or gone, 3 wrong password or key, 4 network or server
(also: data altered, another note's header, an older format than the link promises, a notepad
rolled back or with a changed key, a request whose key the server swapped), 5 notepad changed
since you read it (nothing saved), 6 a request not answered yet, 130 interrupted (Ctrl-C): an
unfinished upload cancelled, partial files deleted.

Transfers over 4 MiB show progress on stderr (-q, --quiet: none).`;

const COMMANDS: Record<string, (argv: string[]) => Promise<void>> = {
  send,
  read,
  status,
  delete: remove,
  pad,
  request,
  respond,
};

/** Runs one invocation and returns its exit code (never throws). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  try {
    // Asked-for help is output (stdout, exit 0); help after a mistake is a diagnostic (stderr, exit 1).
    if (name === undefined) {
      process.stderr.write(`${HELP}\n`);
      return EXIT.usage;
    }
    if (name === "help" || name === "--help" || name === "-h") {
      console.log(HELP);
      return EXIT.ok;
    }
    if (name === "--version" || name === "-V") {
      console.log(VERSION);
      return EXIT.ok;
    }
    const command = COMMANDS[name];
    if (!command) throw usage(`unknown ${name.startsWith("-") ? "option" : "command"} "${name}"; see hushnote --help`);
    await command(rest);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof ArgumentError) {
      tell(`hushnote: ${error.message}; see hushnote ${name} --help`);
      return error.code;
    }
    // Every message may quote the server (its error sentences, fields it sent): tell() neutralises each one.
    if (error instanceof CliError) {
      tell(`hushnote: ${error.message}`);
      return error.code;
    }
    // A crypto error that escaped a command's mapping is still a clear sentence, never a stack trace.
    if (error instanceof HushnoteCryptoError) {
      tell(`hushnote: ${error.message}`);
      return EXIT.server;
    }
    tell(`hushnote: unexpected error: ${(error as Error)?.message ?? error}`);
    if (process.env.HUSHNOTE_DEBUG)
      process.stderr.write(
        `${String((error as Error)?.stack)
          .split("\n")
          .map(neutralise)
          .join("\n")}\n`,
      );
    return EXIT.server;
  }
}
