/** hushnote status / delete: the creator's view of a note through its manage link (content-free receipt, revoke). */
import { parse, formatDuration } from "../args";
import { CliError, EXIT } from "../errors";
import { api, ApiError, asCliError } from "../http";
import { readLinkArg } from "../link-arg";
import { parseManageLink } from "../links";

const linkHelp = `Without MANAGE_LINK (or with -), the link is read from stdin or asked on the terminal, so its
token does not appear in the process list.`;

export const statusHelp = `Usage: hushnote status [MANAGE_LINK|-] [--json]

Shows whether the note is still waiting, when it was opened, and how and when it was destroyed.
Content-free: the receipt holds no text and no reader addresses.
${linkHelp}`;

export const deleteHelp = `Usage: hushnote delete [MANAGE_LINK|-]

Destroys the note now: the wrapped key is erased first, then the encrypted body.
${linkHelp}`;

interface Receipt { state: string; createdAt: number; expiresAt: number; viewsLeft: number | null; reason?: string; events: { type: string; at: number; reason?: string }[] }

async function target(argv: string[], help: string) {
  const { values, positionals } = parse(argv, {}, 1);
  if (values.help) {
    console.log(help);
    return null;
  }
  const link = parseManageLink(await readLinkArg(positionals[0], "Manage link: "));
  const auth = { Authorization: `Bearer ${link.fragment}` };
  const fail = (e: unknown) => {
    if (e instanceof ApiError && e.status === 403) throw new CliError(EXIT.wrongPassword, "the manage token was not accepted; copy the whole manage link");
    throw e instanceof ApiError ? asCliError(e, "this note's receipt") : e;
  };
  return { link, auth, json: Boolean(values.json), fail };
}

const when = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");

/** Runs `hushnote status`. */
export async function status(argv: string[]): Promise<void> {
  const t = await target(argv, statusHelp);
  if (!t) return;
  const receipt = await api<Receipt>(t.link.server, `/api/notes/${t.link.id}/receipt`, { headers: t.auth }).catch(t.fail);
  if (t.json) return void console.log(JSON.stringify(receipt));
  const lines = [`State: ${receipt.state}${receipt.reason ? ` (${receipt.reason})` : ""}`];
  if (receipt.state !== "destroyed") {
    lines.push(`Views left: ${receipt.viewsLeft ?? "unlimited"}`);
    lines.push(`Expires: ${when(receipt.expiresAt)} (in ${formatDuration(Math.max(0, Math.round((receipt.expiresAt - Date.now()) / 1000)))})`);
  }
  for (const e of receipt.events) lines.push(`  ${when(e.at)}  ${e.type}${e.reason ? ` (${e.reason})` : ""}`);
  console.log(lines.join("\n"));
}

/** Runs `hushnote delete`. */
export async function remove(argv: string[]): Promise<void> {
  const t = await target(argv, deleteHelp);
  if (!t) return;
  await api(t.link.server, `/api/notes/${t.link.id}`, { method: "DELETE", headers: t.auth }).catch(t.fail);
  if (t.json) console.log(JSON.stringify({ deleted: true }));
  else process.stderr.write("Deleted: the link no longer opens.\n");
}
