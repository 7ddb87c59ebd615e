/**
 * hushnote request: make a key pair and a secret request (SDK makeRequest); the request link goes to stdout, to be
 * passed on, and the private link that alone opens the answer to stderr.
 */
import { formatDuration, type Options, parse, parseDuration } from "../args";
import { usage } from "../errors";
import { failWith } from "../failure";
import { resolveServer } from "../links";
import { makeRequest } from "../sdk/request";
import { safeJson, tell } from "../terminal";

export const help = `Usage: hushnote request [options]

Asks someone for a secret. A key pair is made on this machine; the server keeps only the public key.
Prints the request link on stdout: send it to whoever has the secret, who answers it with
\`hushnote respond\` or in the browser. Prints the private link on stderr: keep it, it is the only key
that opens the answer (\`hushnote read PRIVATE_LINK --wait\`). The answer is encrypted on the answerer's
machine for that key alone: neither the server nor anyone who sees the request link can read it, and
it opens once, then is destroyed.

Options:
  --ttl DURATION        how long the request takes answers: one of the server's expiry choices
                        (5m, 1h, 1d, 7d, 30d by default; default: the server's, usually 1 d)
  --answers N           how many answers it takes (default 1)
  --note TEXT           a description for the answerer, e.g. "the staging DB password, please",
                        encrypted with a key that is in the request link only (so not a secret:
                        it is visible in the process list)
  --server URL          default: $HUSHNOTE_SERVER, else http://127.0.0.1:8787
  --json                print {request, private, id, expiresAt, answers} on stdout
  -h, --help`;

const OPTIONS: Options = {
  ttl: { type: "string" },
  answers: { type: "string" },
  note: { type: "string" },
};

/** "3" → 3; anything but a positive whole number is a usage error. */
function parseAnswers(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw usage(`--answers takes a positive number, not ${text}`);
  return Number(text);
}

/** Runs `hushnote request`. */
export async function request(argv: string[]): Promise<void> {
  const { values } = parse(argv, OPTIONS, 0);
  if (values.help) return void console.log(help);
  const server = resolveServer(values.server as string | undefined);
  const ttl = values.ttl === undefined ? undefined : parseDuration(values.ttl as string);
  const answers = values.answers === undefined ? undefined : parseAnswers(values.answers as string);
  const description = (values.note as string | undefined) || undefined;
  const made = await makeRequest({ server, ttl, answers, description }).catch(failWith(server, "no link was made"));
  if (values.json) {
    const { link, privateLink, id, expiresAt } = made;
    return void console.log(safeJson({ request: link, private: privateLink, id, expiresAt, answers: made.answers }));
  }
  console.log(made.link);
  const count = made.answers === 1 ? "one answer" : `up to ${made.answers} answers`;
  tell(`Takes ${count} within ${formatDuration(made.ttl)}; each answer opens once, with the private link only.`);
  tell(`Private link (keep it; it alone opens the answer): ${made.privateLink}`);
}
