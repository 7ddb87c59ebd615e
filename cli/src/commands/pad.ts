/** hushnote pad get / put / delete: password notepads at /p/<name> (SDK pad calls), never overwriting unseen versions. */
import { readFile } from "node:fs/promises";
import { type Options, parse } from "../args";
import { deliverText } from "../deliver";
import { CliError, EXIT, usage } from "../errors";
import { failWith } from "../failure";
import { asText, readStdin } from "../input";
import { freedHandler, keyChangeHandler } from "../key-change";
import { padSlug, resolveServer } from "../links";
import { checkTarget, textOf } from "../output";
import { forgetPad, padEntry, rememberPad } from "../pad-state";
import { getPassword, passwordFromFile, withPassword } from "../password";
import { SdkError } from "../sdk/errors";
import { acceptFreed } from "../sdk/pad-open";
import { type PadOptions, type PadRemember, padDelete, padGet, padInfo, padPut } from "../sdk/pads";
import { escapedNotice, safeJson, tell } from "../terminal";

export const help = `Usage: hushnote pad get NAME [--json] [-o FILE|-]
       hushnote pad put NAME [FILE|-] [--force] [--base N]
       hushnote pad delete NAME

Password notepads at <server>/p/NAME (NAME is normalised like the page does: "Team Notes" → team-notes).
get prints the text (on a terminal with control and invisible characters escaped; -o FILE, -o - or a
pipe give the exact text) and remembers which version you read. put replaces the text with FILE (or
stdin) and only succeeds if the notepad is still at the version you last read or saved on this machine;
if someone saved in between, nothing is written and put exits 5: run get, merge, put again. --force
overwrites whatever is there; --base N claims version N instead of the remembered one. put on a free
address creates the notepad (the password is asked twice). Tabs and files in the notepad are kept.
delete erases the notepad for good (it needs the password).

This machine remembers each notepad's salt, iterations and newest save, and the device credential the
server gave it. If the salt changes, the iterations drop or the format goes back to v1, nothing is sent
and the command stops (exit 4) unless you confirm on the terminal or pass --accept-new-key. A save older
than one already seen here is always refused (exit 4). A notepad remembered here that the server says is
gone (a free address) stops get, put and delete the same way: it was deleted elsewhere, or the server is
misbehaving; yes or --accept-new-key forgets it here, and put then creates a new one. After this machine's
own delete, put creates without asking.

Options:
  --password-file F     read the password from the first line of F (or set HUSHNOTE_PASSWORD)
  --accept-new-key      go on when the notepad's key changed or a remembered one is gone (only if you know why)
  -o, --output FILE|-   get: write the text to FILE (refused if it exists, unless --force), - = stdout, exact
  --server URL, --json, -h/--help`;

const OPTIONS: Options = {
  force: { type: "boolean" },
  base: { type: "string" },
  "password-file": { type: "string" },
  "accept-new-key": { type: "boolean" },
  output: { type: "string", short: "o" },
};

async function readText(file: string | undefined): Promise<string> {
  const bytes =
    file === undefined || file === "-"
      ? await readStdin()
      : await readFile(file).catch((e) => {
          throw usage(`cannot read ${file}: ${e.code ?? e}`);
        });
  const text = asText(bytes);
  if (text === null) throw usage("a notepad holds text: the input is not UTF-8");
  return text;
}

interface PadRun {
  server: string;
  slug: string;
  passwordFile?: string;
  accept: boolean;
  force: boolean;
  json: boolean;
  out?: string;
}

/** Runs `hushnote pad get|put|delete`. */
export async function pad(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parse(rest, OPTIONS, sub === "put" ? 2 : 1);
  if (values.help || sub === "--help" || sub === "-h" || sub === undefined) {
    console.log(help);
    if (sub === undefined) throw usage("pad needs get or put");
    return;
  }
  if (sub !== "get" && sub !== "put" && sub !== "delete")
    throw usage(`unknown pad command "${sub}"; use get, put or delete`);
  if (!positionals[0]) throw usage(`pad ${sub} needs a notepad NAME`);
  const server = resolveServer(values.server as string | undefined);
  const run: PadRun = {
    server,
    slug: padSlug(positionals[0]),
    passwordFile: values["password-file"] as string | undefined,
    accept: Boolean(values["accept-new-key"]),
    force: Boolean(values.force),
    json: Boolean(values.json),
    out: values.output as string | undefined,
  };
  if (sub === "get") return get(run);
  if (sub === "delete") return remove(run);
  const base = values.base === undefined ? undefined : Number(values.base);
  if (base !== undefined && !(Number.isSafeInteger(base) && base >= 0)) throw usage("--base takes a version number");
  return put(run, await readText(positionals[1]), base);
}

const onWait = (s: number) => tell(`The latest version has not reached this server location yet; retrying in ${s} s…`);

/** What the SDK needs from this machine's memory of the notepad, and how it hands back what to remember. */
function remembering(
  run: PadRun,
): Pick<PadOptions, "remembered" | "onKeyChange" | "onFreed" | "onRemember" | "onWait"> {
  const entry = padEntry(run.server, run.slug);
  return {
    remembered: { memory: entry.memory ?? null, device: entry.device ?? null },
    onKeyChange: keyChangeHandler(run.server, run.accept),
    onFreed: forgettingFreed(run),
    onRemember: (r: PadRemember) =>
      rememberPad(run.server, run.slug, { memory: r.memory, ...(r.device ? { device: r.device } : {}) }),
    onWait,
  };
}

/** Consent to a remembered notepad being gone; once given, what this machine remembered of it no longer applies. */
function forgettingFreed(run: PadRun): (slug: string) => Promise<boolean> {
  const consent = freedHandler(run.server, run.accept);
  return async (slug) => {
    const accepted = await consent(slug);
    if (accepted) forgetPad(run.server, run.slug);
    return accepted;
  };
}

async function get(run: PadRun): Promise<void> {
  const { server, slug } = run;
  await checkTarget(run.out, run.force);
  const memory = remembering(run);
  const note = await withPassword({ file: run.passwordFile, question: `Password for ${slug}: ` }, (password) =>
    padGet({ server, name: slug, password, ...memory }),
  ).catch(failWith(server));
  rememberPad(server, slug, { version: note.version });
  if (run.json) {
    console.log(safeJson({ slug, version: note.version, text: note.text, tabs: note.tabs }));
  } else {
    const { paths, escaped } = await deliverText(textOf(note), run.out, run.force);
    if (escaped) tell(escapedNotice(escaped, "-o FILE, -o - or a pipe"));
    for (const path of paths) tell(`Saved ${path}`);
  }
  tell(`(${slug}, version ${note.version})`);
}

async function put(run: PadRun, text: string, claimed: number | undefined): Promise<void> {
  const { server, slug } = run;
  const existing = await padInfo({ server, name: slug }).catch(failWith(server));
  let saving: Promise<{ version: number }>;
  if (!existing) {
    // Asked before any new password: a notepad remembered here is not made again on the server's word alone.
    await acceptFreed(slug, remembering(run)).catch(failWith(server));
    const password =
      run.passwordFile !== undefined
        ? passwordFromFile(run.passwordFile)
        : ((await getPassword({ prompt: true, confirm: true, question: `New password for ${slug}: ` })) as string);
    tell(`Creating the notepad ${server}/p/${slug}.`);
    saving = padPut({ server, name: slug, password, text, ...remembering(run) });
  } else {
    const base = claimed ?? padEntry(server, slug).version ?? null;
    if (base === null && !run.force)
      throw usage(`you have not read ${slug} on this machine: run \`hushnote pad get ${slug}\` first, or use --force`);
    const memory = remembering(run);
    saving = withPassword({ file: run.passwordFile, question: `Password for ${slug}: ` }, (password) =>
      padPut({ server, name: slug, password, text, ...memory, ...(run.force ? {} : { base: base as number }) }),
    );
  }
  const saved = await saving.catch((error: unknown) => {
    if (error instanceof SdkError && error.code === "conflict") {
      throw new CliError(
        EXIT.conflict,
        `${error.message}. Run \`hushnote pad get ${slug}\`, merge, and put again (or --force to overwrite).`,
      );
    }
    return failWith(server, `the save is unconfirmed: \`hushnote pad get ${slug}\` shows what the server holds`)(error);
  });
  rememberPad(server, slug, { version: saved.version });
  if (run.json) console.log(safeJson({ slug, version: saved.version }));
  tell(`Saved ${slug}, version ${saved.version}.`);
}

async function remove(run: PadRun): Promise<void> {
  const { server, slug } = run;
  const memory = remembering(run);
  await withPassword({ file: run.passwordFile, question: `Password for ${slug}: ` }, (password) =>
    padDelete({ server, name: slug, password, ...memory }),
  ).catch(failWith(server));
  // Its key, versions and this device's credential belong to a notepad that no longer exists.
  forgetPad(server, slug);
  tell(`Deleted the notepad ${slug}.`);
}
