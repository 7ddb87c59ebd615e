/**
 * hushnote send: read the input and password, call the SDK's sendStream (files are read from disk as they are
 * encrypted and uploaded), print the share link (stdout) and manage link (stderr).
 */
import { formatDuration, type Options, parse, parseDuration, parseViews } from "../args";
import { failWith } from "../failure";
import { readInput } from "../input";
import { onInterrupt } from "../interrupt";
import { resolveServer } from "../links";
import { getPassword } from "../password";
import { progressFor } from "../progress";
import { sendStream } from "../sdk/send";
import { safeJson, tell } from "../terminal";

export const help = `Usage: hushnote send [FILE...|-] [options]

Encrypts the FILEs (or stdin) on this machine and creates a note. Prints the share link on stdout and
the private manage link on stderr. Named files travel as attachments, read from disk as they are
encrypted and uploaded (any size up to the server's limit, in parts of at most 25 MiB, each retried
alone); stdin travels as text (or as stdin.bin if it is not UTF-8) and is held in memory.

Options:
  --ttl DURATION        lifetime: 90s, 30m, 1h, 7d, 2w (default: the server's, usually 1 d)
  --views N|unlimited   how many times it can be opened (default 1)
  --password            also protect it with a password, asked twice on the terminal
  --password-file F     read the password from the first line of F
  --password-only       leave the key out of the link: the password alone opens it (format v2
                        links end in #v2, so that a reader refuses an older, weaker format)
  --server URL          default: $HUSHNOTE_SERVER, else http://127.0.0.1:8787
  --json                print {share, manage, id, expiresAt, viewsLeft} on stdout
  -q, --quiet           no progress line on stderr
  -h, --help

HUSHNOTE_PASSWORD, when set, is used as the password (for scripts). Secrets never go in arguments.`;

const OPTIONS: Options = {
  ttl: { type: "string" },
  views: { type: "string" },
  password: { type: "boolean" },
  "password-file": { type: "string" },
  "password-only": { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
};

/** Runs `hushnote send`. */
export async function send(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, OPTIONS, Number.POSITIVE_INFINITY);
  if (values.help) return void console.log(help);
  const server = resolveServer(values.server as string | undefined);
  const views = values.views === undefined ? 1 : parseViews(values.views as string);
  const ttl = values.ttl === undefined ? undefined : parseDuration(values.ttl as string);
  const passwordOnly = Boolean(values["password-only"]);
  const wantsPassword = Boolean(values.password || values["password-file"] !== undefined || passwordOnly);
  // Input and password first: fail fast, and never ask for a password after minutes of network I/O.
  const payload = await readInput(positionals);
  const password = await getPassword({
    file: values["password-file"] as string | undefined,
    prompt: wantsPassword,
    confirm: true,
    question: "Password for the note: ",
  });

  const upload = progressFor("Uploading", { quiet: Boolean(values.quiet) });
  const interrupt = onInterrupt(() => "the note was not created");
  const sent = await sendStream({
    server,
    ...payload,
    password,
    passwordOnly,
    ttl,
    views,
    onUpload: upload?.update,
    signal: interrupt.signal,
  })
    .catch(failWith(server, "no link was made"))
    .finally(() => {
      upload?.done();
      interrupt.dispose();
    });
  if (values.json) {
    console.log(
      safeJson({
        share: sent.link,
        manage: sent.manageLink,
        id: sent.id,
        expiresAt: sent.expiresAt,
        viewsLeft: sent.viewsLeft,
      }),
    );
    return;
  }
  console.log(sent.link);
  const opens = views === null ? "any number of times" : views === 1 ? "once" : `up to ${views} times`;
  tell(`Opens ${opens} within ${formatDuration(sent.ttl)}${password ? "; needs the password" : ""}.`);
  tell(`Manage link (keep it private): ${sent.manageLink}`);
}
