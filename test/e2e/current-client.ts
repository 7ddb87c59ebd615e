/**
 * The current clients, one adapter per operation the upgrade test needs. They go through the SDK (cli/src/sdk.ts:
 * protocol/ and crypto/, the code the pages and the CLI share), so a change to the wire API is made there; if an
 * operation's shape changes anyway (a new field to send, bodies as octet-stream), only its adapter here changes.
 */
import { inspect, padGet, padPut, read, SdkError, status } from "../../cli/src/sdk";
import type { Receipt, WrittenNote, WrittenPad } from "./previous-client";
import type { Payload } from "./previous-release";

/** What opening a note came to: its plaintext, a refusal (with tries left), or the one 404 for every gone note. */
export type NoteOutcome =
  | { outcome: "opened"; payload: Payload; viewsLeft: number | null }
  | { outcome: "refused"; triesLeft: number | null }
  | { outcome: "gone" };

const shareLink = (origin: string, note: WrittenNote) =>
  `${origin}/n/${note.id}${note.linkKey ? `#${note.linkKey}` : ""}`;
const manageLink = (origin: string, note: WrittenNote) => `${origin}/m/${note.id}#${note.manageToken}`;

/** Non-consuming status (GET /api/notes/:id): expiry and views left, or null when the note is gone. */
export async function noteInfo(
  origin: string,
  note: WrittenNote,
): Promise<{ expiresAt: number; viewsLeft: number | null } | null> {
  try {
    const info = await inspect(shareLink(origin, note));
    return { expiresAt: info.expiresAt, viewsLeft: info.viewsLeft };
  } catch (error) {
    if (error instanceof SdkError && error.code === "gone") return null;
    throw error;
  }
}

/** Opens one view with the note's own secrets, or with `password` instead of its own. */
export async function openNote(origin: string, note: WrittenNote, password = note.password): Promise<NoteOutcome> {
  try {
    const { viewsLeft, ...payload } = await read({ link: shareLink(origin, note), password });
    return { outcome: "opened", payload, viewsLeft };
  } catch (error) {
    if (!(error instanceof SdkError)) throw error;
    if (error.code === "gone") return { outcome: "gone" };
    if (error.code === "wrong-password") return { outcome: "refused", triesLeft: error.details.triesLeft ?? null };
    throw error;
  }
}

/** The creator's receipt through the manage link (new fields such as partsStored come along). */
export async function receipt(origin: string, note: WrittenNote): Promise<Receipt> {
  const now = await status({ manageLink: manageLink(origin, note) });
  // Only a note created by the new two-step upload can be uploading; the previous release stored bodies whole.
  if (now.state === "uploading") throw new Error(`A note the previous release wrote reads as uploading: ${note.id}`);
  return { ...now, state: now.state };
}

/** Opens the notepad with its password. */
export async function openPad(origin: string, pad: WrittenPad): Promise<{ payload: Payload; version: number }> {
  const {
    slug: _slug,
    version,
    remember: _remember,
    ...payload
  } = await padGet({ server: origin, name: pad.slug, password: pad.password });
  return { payload, version };
}

/** Saves new text (tabs and files kept) over version `base`; answers the new version. */
export async function savePad(origin: string, pad: WrittenPad, text: string, base: number): Promise<number> {
  return (await padPut({ server: origin, name: pad.slug, password: pad.password, text, base })).version;
}
