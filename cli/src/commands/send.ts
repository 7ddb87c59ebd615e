/** hushnote send: read the input and password, call the SDK's send, print the share link (stdout) and manage link (stderr). */
import { formatDuration, type Options, parse, parseDuration, parseViews } from "../args";
import { failWith } from "../failure";
import { readInput } from "../input";
import { resolveServer } from "../links";
import { getPassword } from "../password";
import { progressFor } from "../progress";
import { send as sendNote } from "../sdk/send";
import { safeJson, tell } from "../terminal";

export const help = `Usage: hushnote send [FILE|-] [options]

Encrypts FILE (or stdin) on this machine and creates a note. Prints the share link on stdout and the
private manage link on stderr. A named file travels as an attachment; stdin travels as text (or as
stdin.bin if it is not UTF-8).

Options:
  --ttl DURATION        lifetime: 90s, 30m, 1h, 7d, 2w (default: the server's, usually 1 d)
  --views N|unlimited   how many times it can be opened (default 1)
  --password            also protect it with a password, asked twice on the terminal
  --password-file F     read the password from the first line of F
  --password-only       leave the key out of the link: the password alone opens it (format v2
                        links end in #v2, so that a reader refuses an older, weaker format)
  --server URL          default: $HUSHNOTE_SERVER, else http://127.0.0.1:8787
  --json                print {share, manage, id, expiresAt, viewsLeft} on stdout
  -h, --help

HUSHNOTE_PASSWORD, when set, is used as the password (for scripts). Secrets never go in arguments.`;

const OPTIONS: Options = {
  ttl: { type: "string" },
  views: { type: "string" },
  password: { type: "boolean" },
  "password-file": { type: "string" },
  "password-only": { type: "boolean" },
};

/** Runs `hushnote send`. */
export async function send(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, OPTIONS, 1);
  if (values.help) return void console.log(help);
  const server = resolveServer(values.server as string | undefined);
  const views = values.views === undefined ? 1 : parseViews(values.views as string);
  const ttl = values.ttl === undefined ? undefined : parseDuration(values.ttl as string);
  const passwordOnly = Boolean(values["password-only"]);
  const wantsPassword = Boolean(values.password || values["password-file"] !== undefined || passwordOnly);
  // Input and password first: fail fast, and never ask for a password after minutes of network I/O.
  const payload = await readInput(positionals[0]);
  const password = await getPassword({
    file: values["password-file"] as string | undefined,
    prompt: wantsPassword,
    confirm: true,
    question: "Password for the note: ",
  });

  // The size is known only once sealed: the line itself stays hidden below the threshold.
  const upload = progressFor("Uploading", Infinity);
  const sent = await sendNote({
    server,
    ...payload,
    password,
    passwordOnly,
    ttl,
    views,
    onUpload: (done, total) => upload?.update(done, total),
  })
    .catch(failWith(server))
    .finally(() => upload?.done());
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
