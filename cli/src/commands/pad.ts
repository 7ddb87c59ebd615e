/** hushnote pad get / put / delete: password notepads at /p/<name> (SDK pad calls), never overwriting unseen versions. */
import { readFile } from "node:fs/promises";
import { parse, type Options } from "../args";
import { CliError, EXIT, usage } from "../errors";
import { failWith } from "../failure";
import { asText, readStdin } from "../input";
import { padSlug, resolveServer } from "../links";
import { textOf } from "../output";
import { recordVersion, seenVersion } from "../pad-state";
import { getPassword, passwordFromFile, withPassword } from "../password";
import { padDelete, padGet, padInfo, padPut } from "../sdk/pads";
import { SdkError } from "../sdk/errors";

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

const onWait = (s: number) => process.stderr.write(`The latest version has not reached this server location yet; retrying in ${s} s…\n`);

async function get(server: string, slug: string, passwordFile: string | undefined, json: boolean): Promise<void> {
  const question = `Password for ${slug}: `;
  const note = await withPassword({ file: passwordFile, question }, (password) => padGet({ server, name: slug, password, onWait })).catch(failWith(server));
  recordVersion(server, slug, note.version);
  const text = textOf(note);
  if (json) console.log(JSON.stringify({ slug, version: note.version, text: note.text, tabs: note.tabs }));
  else process.stdout.write(text);
  process.stderr.write(`${text && !text.endsWith("\n") && process.stdout.isTTY ? "\n" : ""}(${slug}, version ${note.version})\n`);
}

interface PutOptions { passwordFile?: string; force: boolean; base?: number; json: boolean }

async function put(server: string, slug: string, text: string, opts: PutOptions): Promise<void> {
  const existing = await padInfo({ server, name: slug }).catch(failWith(server));
  let saving: Promise<{ version: number }>;
  if (!existing) {
    const password = opts.passwordFile !== undefined ? passwordFromFile(opts.passwordFile)
      : ((await getPassword({ prompt: true, confirm: true, question: `New password for ${slug}: ` })) as string);
    process.stderr.write(`Creating the notepad ${server}/p/${slug}.\n`);
    saving = padPut({ server, name: slug, password, text, onWait });
  } else {
    const base = opts.base ?? seenVersion(server, slug);
    if (base === null && !opts.force) throw usage(`you have not read ${slug} on this machine: run \`hushnote pad get ${slug}\` first, or use --force`);
    saving = withPassword({ file: opts.passwordFile, question: `Password for ${slug}: ` }, (password) =>
      padPut({ server, name: slug, password, text, onWait, ...(opts.force ? {} : { base: base as number }) }));
  }
  const saved = await saving.catch((error: unknown) => {
    if (error instanceof SdkError && error.code === "conflict") {
      throw new CliError(EXIT.conflict, `${error.message}. Run \`hushnote pad get ${slug}\`, merge, and put again (or --force to overwrite).`);
    }
    return failWith(server)(error);
  });
  recordVersion(server, slug, saved.version);
  if (opts.json) console.log(JSON.stringify({ slug, version: saved.version }));
  process.stderr.write(`Saved ${slug}, version ${saved.version}.\n`);
}

async function remove(server: string, slug: string, passwordFile: string | undefined): Promise<void> {
  const question = `Password for ${slug}: `;
  await withPassword({ file: passwordFile, question }, (password) => padDelete({ server, name: slug, password, onWait })).catch(failWith(server));
  process.stderr.write(`Deleted the notepad ${slug}.\n`);
}
