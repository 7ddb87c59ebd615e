/** hushnote send: encrypt locally, create the note, print the share link (stdout) and the manage link (stderr). */
import { encodeB64u } from "../b64";
import { generateNoteId, seal } from "../../../crypto/index";
import { parse, parseDuration, parseViews, formatDuration, type Options } from "../args";
import { getConfig } from "../config";
import { usage } from "../errors";
import { api, ApiError, asCliError } from "../http";
import { readInput } from "../input";
import { manageLink, noteLink, resolveServer } from "../links";
import { getPassword } from "../password";
import { progressFor } from "../progress";

export const help = `Usage: hushnote send [FILE|-] [options]

Encrypts FILE (or stdin) on this machine and creates a note. Prints the share link on stdout and the
private manage link on stderr. A named file travels as an attachment; stdin travels as text (or as
stdin.bin if it is not UTF-8).

Options:
  --ttl DURATION        lifetime: 90s, 30m, 1h, 7d, 2w (default: the server's, usually 1 d)
  --views N|unlimited   how many times it can be opened (default 1)
  --password            also protect it with a password, asked twice on the terminal
  --password-file F     read the password from the first line of F
  --password-only       leave the key out of the link: the password alone opens it
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

interface Created { id: string; expiresAt: number; viewsLeft: number | null; manageToken: string }

/** Runs `hushnote send`. */
export async function send(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, OPTIONS, 1);
  if (values.help) return void console.log(help);
  const server = resolveServer(values.server as string | undefined);
  const views = values.views === undefined ? 1 : parseViews(values.views as string);
  const ttlFlag = values.ttl === undefined ? null : parseDuration(values.ttl as string);
  const wantsPassword = Boolean(values.password || values["password-file"] !== undefined || values["password-only"]);
  // Input and password first: fail fast, and never ask for a password after minutes of network I/O.
  const payload = await readInput(positionals[0]);
  const password = await getPassword({ file: values["password-file"] as string | undefined, prompt: wantsPassword, confirm: true, question: "Password for the note: " });
  if (values["password-only"] && !password) throw usage("--password-only needs a password");

  const config = await getConfig(server);
  const ttl = ttlFlag ?? config.defaultTtl;
  if (ttl < config.minTtl || ttl > config.maxTtl) throw usage(`--ttl must be between ${formatDuration(config.minTtl)} and ${formatDuration(config.maxTtl)} on this server`);
  if (views !== null && views > config.maxViews) throw usage(`--views can be at most ${config.maxViews} on this server`);
  if (config.oneTimeOnly && views !== 1) throw usage("this server only makes one-time notes (--views 1)");
  if (config.passwordRequired && !password) throw usage("this server requires a password on every note: add --password");

  const id = generateNoteId();
  const sealed = await seal(payload, {
    kind: "note", id, views, ttl, password, iterations: config.defaultKdfIterations,
    ...(values["password-only"] ? { linkKey: null } : {}),
  });
  if (sealed.body.length > config.maxBodyBytes) {
    throw usage(`too large: this server takes at most ${(config.maxBodyBytes / 1048576).toFixed(1)} MiB encrypted (this would be ${(sealed.body.length / 1048576).toFixed(1)} MiB)`);
  }
  const body = { id, header: sealed.header, wrappedKey: sealed.wrappedKey, body: encodeB64u(sealed.body), verifier: sealed.verifier, views, ttl };
  let created: Created;
  try {
    created = await api<Created>(server, "/api/notes", { method: "POST", body, upload: progressFor("Uploading", sealed.body.length) });
  } catch (error) {
    throw error instanceof ApiError ? asCliError(error, "the note") : error;
  }
  const share = noteLink(server, created.id, sealed.linkKey ? encodeB64u(sealed.linkKey) : null);
  const manage = manageLink(server, created.id, created.manageToken);
  if (values.json) {
    console.log(JSON.stringify({ share, manage, id: created.id, expiresAt: created.expiresAt, viewsLeft: created.viewsLeft }));
    return;
  }
  console.log(share);
  const opens = views === null ? "any number of times" : views === 1 ? "once" : `up to ${views} times`;
  process.stderr.write(`Opens ${opens} within ${formatDuration(ttl)}${password ? "; needs the password" : ""}.\nManage link (keep it private): ${manage}\n`);
}
