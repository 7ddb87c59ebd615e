/** hushnote status / delete: the creator's view of a note through its manage link (SDK status and revoke). */
import { formatDuration, parse } from "../args";
import { failWith } from "../failure";
import { readLinkArg } from "../link-arg";
import { parseManageLink } from "../links";
import { status as receiptOf, revoke } from "../sdk/manage";
import { neutralise, safeJson, tell } from "../terminal";

const linkHelp = `Without MANAGE_LINK (or with -), the link is read from stdin or asked on the terminal, so its
token does not appear in the process list.`;

export const statusHelp = `Usage: hushnote status [MANAGE_LINK|-] [--json]

Shows whether the note is still waiting, when it was opened, and how and when it was destroyed.
Content-free: the receipt holds no text and no reader addresses.
${linkHelp}`;

export const deleteHelp = `Usage: hushnote delete [MANAGE_LINK|-]

Destroys the note now: the wrapped key is erased first, then the encrypted body.
${linkHelp}`;

/** The manage link from the arguments, stdin or a prompt, and whether --json was given; null after --help. */
async function target(argv: string[], help: string): Promise<{ link: string; server: string; json: boolean } | null> {
  const { values, positionals } = parse(argv, {}, 1);
  if (values.help) {
    console.log(help);
    return null;
  }
  const link = await readLinkArg(positionals[0], "Manage link: ");
  return { link, server: parseManageLink(link).server, json: Boolean(values.json) };
}

const when = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");

/** Runs `hushnote status`. */
export async function status(argv: string[]): Promise<void> {
  const t = await target(argv, statusHelp);
  if (!t) return;
  const receipt = await receiptOf({ manageLink: t.link }).catch(failWith(t.server));
  if (t.json) return void console.log(safeJson(receipt));
  const lines = [`State: ${receipt.state}${receipt.reason ? ` (${receipt.reason})` : ""}`];
  if (receipt.state !== "destroyed") {
    lines.push(`Views left: ${receipt.viewsLeft ?? "unlimited"}`);
    lines.push(
      `Expires: ${when(receipt.expiresAt)} (in ${formatDuration(Math.max(0, Math.round((receipt.expiresAt - Date.now()) / 1000)))})`,
    );
  }
  for (const e of receipt.events) lines.push(`  ${when(e.at)}  ${e.type}${e.reason ? ` (${e.reason})` : ""}`);
  // Every field came from the server: each line is neutralised (no escape sequence, no extra line).
  console.log(lines.map(neutralise).join("\n"));
}

/** Runs `hushnote delete`. */
export async function remove(argv: string[]): Promise<void> {
  const t = await target(argv, deleteHelp);
  if (!t) return;
  await revoke({ manageLink: t.link }).catch(failWith(t.server));
  if (t.json) console.log(JSON.stringify({ deleted: true }));
  else tell("Deleted: the link no longer opens.");
}
