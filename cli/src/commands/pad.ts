/** hushnote pad get / put: password notepads at /p/<name>, never overwriting a version this machine has not seen. */
import { encodeB64u } from "../b64";
import { reseal, rewrap, seal } from "../../../crypto/index";
import { parse, type Options } from "../args";
import { getConfig } from "../config";
import { CliError, EXIT, usage } from "../errors";
import { api, ApiError } from "../http";
import { asText, readStdin } from "../input";
import { padSlug, resolveServer } from "../links";
import { textOf } from "../output";
import { openPad, padFailure, padStatus } from "../pad-client";
import { recordVersion, seenVersion } from "../pad-state";
import { getPassword, passwordFromFile } from "../password";
import { readFile } from "node:fs/promises";

export const help = `Usage: hushnote pad get NAME [--json]
       hushnote pad put NAME [FILE|-] [--force] [--base N]
       hushnote pad delete NAME

Password notepads at <server>/p/NAME (NAME is normalised like the page does: "Team Notes" → team-notes).
get prints the text and remembers which version you read. put replaces the text with FILE (or stdin)
and only succeeds if the notepad is still at the version you last read or saved on this machine; if
someone saved in between, nothing is written and put exits 5: run get, merge, put again. --force
overwrites whatever is there; --base N claims version N instead of the remembered one. put on a free
address creates the notepad (the password is asked twice). Tabs and files in the notepad are kept.
delete erases the notepad for good (it needs the password).

Options:
  --password-file F     read the password from the first line of F (or set HUSHNOTE_PASSWORD)
  --server URL, --json, -h/--help`;

const OPTIONS: Options = { force: { type: "boolean" }, base: { type: "string" }, "password-file": { type: "string" } };

async function readText(file: string | undefined): Promise<string> {
  const bytes = file === undefined || file === "-" ? await readStdin() : await readFile(file).catch((e) => { throw usage(`cannot read ${file}: ${e.code ?? e}`); });
  const text = asText(bytes);
  if (text === null) throw usage("a notepad holds text: the input is not UTF-8");
  return text;
}

/** Runs `hushnote pad get|put`. */
export async function pad(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parse(rest, OPTIONS, sub === "put" ? 2 : 1);
  if (values.help || sub === "--help" || sub === "-h" || sub === undefined) {
    console.log(help);
    if (sub === undefined) throw usage("pad needs get or put");
    return;
  }
  if (sub !== "get" && sub !== "put" && sub !== "delete") throw usage(`unknown pad command "${sub}"; use get, put or delete`);
  if (!positionals[0]) throw usage(`pad ${sub} needs a notepad NAME`);
  const server = resolveServer(values.server as string | undefined);
  const slug = padSlug(positionals[0]);
  const passwordFile = values["password-file"] as string | undefined;
  if (sub === "get") return get(server, slug, passwordFile, Boolean(values.json));
  if (sub === "delete") return remove(server, slug, passwordFile);
  const base = values.base === undefined ? undefined : Number(values.base);
  if (base !== undefined && !(Number.isSafeInteger(base) && base >= 0)) throw usage("--base takes a version number");
  return put(server, slug, await readText(positionals[1]), { passwordFile, force: Boolean(values.force), base, json: Boolean(values.json) });
}

async function get(server: string, slug: string, passwordFile: string | undefined, json: boolean): Promise<void> {
  const status = await padStatus(server, slug);
  if (!status) throw new CliError(EXIT.gone, `there is no notepad at ${server}/p/${slug} (the address is free)`);
  const opened = await openPad(server, status, passwordFile);
  recordVersion(server, slug, opened.version);
  const text = textOf(opened.payload);
  if (json) console.log(JSON.stringify({ slug, version: opened.version, text: opened.payload.text, tabs: opened.payload.tabs }));
  else process.stdout.write(text);
  process.stderr.write(`${text && !text.endsWith("\n") && process.stdout.isTTY ? "\n" : ""}(${slug}, version ${opened.version})\n`);
}

interface PutOptions { passwordFile?: string; force: boolean; base?: number; json: boolean }

async function put(server: string, slug: string, text: string, opts: PutOptions): Promise<void> {
  const config = await getConfig(server);
  const status = await padStatus(server, slug);
  let request: Record<string, unknown>;
  if (!status) {
    const password = opts.passwordFile !== undefined ? passwordFromFile(opts.passwordFile)
      : await getPassword({ prompt: true, confirm: true, question: `New password for ${slug}: ` });
    const sealed = await seal({ text, tabs: [], files: [] }, { kind: "pad", id: slug, views: null, ttl: null, linkKey: null, password, iterations: config.defaultKdfIterations });
    request = { version: 0, header: sealed.header, wrappedKey: sealed.wrappedKey, body: encodeB64u(sealed.body), verifier: sealed.verifier };
    process.stderr.write(`Creating the notepad ${server}/p/${slug}.\n`);
  } else {
    const base = opts.base ?? seenVersion(server, slug);
    if (base === null && !opts.force) throw usage(`you have not read ${slug} on this machine: run \`hushnote pad get ${slug}\` first, or use --force`);
    const opened = await openPad(server, status, opts.passwordFile);
    if (!opts.force && base !== opened.version) throw conflict(slug, base as number, opened.version);
    const body = await reseal(opened.unlocked, opened.wrappedKey, { ...opened.payload, text });
    request = { version: opened.version, header: status.header, wrappedKey: opened.wrappedKey, body: encodeB64u(body), proof: opened.unlocked.proof };
    // DESIGN §1: old KDF parameters are upgraded to the instance default on the next save (same password, same DEK).
    if ((opened.header.kdf?.iterations ?? 0) < config.defaultKdfIterations) {
      const next = await rewrap(opened.unlocked, opened.wrappedKey, { linkKey: null, password: opened.password, iterations: config.defaultKdfIterations });
      request = { ...request, header: next.header, wrappedKey: next.wrappedKey, verifier: next.verifier };
    }
  }
  let saved: { version: number };
  try {
    saved = await api<{ version: number }>(server, `/api/pads/${slug}`, { method: "PUT", body: request });
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) throw conflict(slug, request.version as number, error.body.version);
    return padFailure(error, slug);
  }
  recordVersion(server, slug, saved.version);
  if (opts.json) console.log(JSON.stringify({ slug, version: saved.version }));
  process.stderr.write(`Saved ${slug}, version ${saved.version}.\n`);
}

async function remove(server: string, slug: string, passwordFile: string | undefined): Promise<void> {
  const status = await padStatus(server, slug);
  if (!status) throw new CliError(EXIT.gone, `there is no notepad at ${server}/p/${slug}`);
  const opened = await openPad(server, status, passwordFile);
  await api(server, `/api/pads/${slug}`, { method: "DELETE", body: { proof: opened.unlocked.proof } }).catch((e) => padFailure(e, slug));
  process.stderr.write(`Deleted the notepad ${slug}.\n`);
}

function conflict(slug: string, mine: number, current: unknown): CliError {
  const now = typeof current === "number" ? `version ${current}` : "a newer version";
  return new CliError(EXIT.conflict, `${slug} changed since version ${mine} (it is now at ${now}); nothing was saved. Run \`hushnote pad get ${slug}\`, merge, and put again (or --force to overwrite).`);
}
