/** inspect and read: what a share link is (non-consuming), then opening it (consumes one view) and decrypting. */
import { fromBase64Url } from "../../../crypto/base64url";
import {
  checkHeader,
  decodeHeader,
  decrypt,
  type Expected,
  type Header,
  type Payload,
  unlock,
  WrongKeyError,
} from "../../../crypto/index";
import { ApiError, type Hooks, type NoteStatus, noteStatus, type Opened, openNote } from "../../../protocol/index";
import { misbehaved, SdkError } from "./errors";
import { type NoteLink, parseNoteLink } from "./links";
import { type Password, resolvePassword } from "./password";

/** What a note is, from the public GET that never consumes a view; holds no secret. */
export interface NoteInfo {
  server: string;
  id: string;
  /** The decoded public header: views and ttl the creator asked for, whether it needs a password (`kdf`). */
  header: Header;
  /** The header as sent (base64url), which the crypto binds in. */
  headerText: string;
  expiresAt: number;
  viewsLeft: number | null;
}

/** What read takes. */
export interface ReadOptions extends Pick<Hooks, "onDownload" | "onWait"> {
  /** The share link, key fragment included (unless the note is password-only). */
  link: string;
  /** Needed when the note has one; a function is called only then (e.g. to prompt). */
  password?: Password;
  /** inspect()'s answer for this link, to skip a second GET (ignored if it is for another note). */
  info?: NoteInfo;
}

/** The decrypted note and how many views are left (0: it is now destroyed; null: until it expires). */
export interface ReadNote extends Payload {
  viewsLeft: number | null;
}

/** Notes, expired ones and never-existing ones all answer the same 404. */
export const noteGone = (cause: unknown) =>
  new SdkError("gone", "this note does not exist, has expired or has been destroyed", {}, { cause });

/** What the reader's own link asks for (docs/FORMAT.md §7, rule 6): this id, as a note, and v2 if the link says so. */
const expected = (link: NoteLink): Expected => ({
  kind: "note",
  id: link.id,
  ...(link.minVersion ? { minVersion: link.minVersion } : {}),
});

/** Describes the note behind a share link without opening it; a header that is not what the link asks for is refused. */
export async function inspect(link: string): Promise<NoteInfo> {
  const parsed = parseNoteLink(link);
  const { server, id } = parsed;
  let status: NoteStatus;
  try {
    status = await noteStatus(server, id);
  } catch (error) {
    throw error instanceof ApiError && error.status === 404 ? noteGone(error) : error;
  }
  const header = decodeHeader(status.header);
  // The crypto module's own reader checks, before the header is described to anyone: right note, format, salt, KDF.
  await checkHeader(header, { expect: expected(parsed), holdsLinkKey: parsed.linkKey !== null }).catch(
    (error: unknown) => {
      throw misbehaved(error);
    },
  );
  return { server, id, header, headerText: status.header, expiresAt: status.expiresAt, viewsLeft: status.viewsLeft };
}

/** Opens the note (one view), proving knowledge of the key, and decrypts it on this machine. */
export async function read(options: ReadOptions): Promise<ReadNote> {
  const link = parseNoteLink(options.link);
  const info =
    options.info?.id === link.id && options.info.server === link.server ? options.info : await inspect(options.link);
  const { header } = info;
  if (header.link && !link.linkKey)
    throw new SdkError("wrong-password", "this link has lost its key (the part after #); copy the whole link");
  const password = header.kdf ? await resolvePassword(options.password, "this note needs a password") : null;
  // The link key goes in even when the header says none is needed: a header that drops it is refused (rule 9).
  const unlocked = await unlock(info.headerText, { linkKey: link.linkKey, password }, { expect: expected(link) }).catch(
    (error: unknown) => {
      throw misbehaved(error);
    },
  );
  let opened: Opened;
  try {
    opened = await openNote(
      link.server,
      link.id,
      { proof: unlocked.proof, linkProof: unlocked.linkProof ?? undefined },
      { onDownload: options.onDownload, onWait: options.onWait },
    );
  } catch (error) {
    throw refused(error, header);
  }
  const body = fromBase64Url(opened.body);
  if (!body) throw new SdkError("damaged", "the server sent a body that is not base64url");
  try {
    return { ...(await decrypt(unlocked, opened.wrappedKey, body)), viewsLeft: opened.viewsLeft };
  } catch (error) {
    // The server accepted our proof, so a key that still does not open means the stored data was altered.
    if (error instanceof WrongKeyError)
      throw new SdkError(
        "damaged",
        "the server accepted the key but the note does not decrypt: it was altered",
        {},
        { cause: error },
      );
    throw error;
  }
}

/** A refused /open as a sentence: which secret was wrong, and how many tries the note still allows. */
function refused(error: unknown, header: Header): unknown {
  if (!(error instanceof ApiError)) return error;
  if (error.status === 404) return noteGone(error);
  if (error.status !== 403) return error;
  const triesLeft = typeof error.body.triesLeft === "number" ? error.body.triesLeft : null;
  const what = header.kdf
    ? header.link
      ? "wrong password (or a damaged link)"
      : "wrong password"
    : "wrong key in the link";
  const suffix =
    triesLeft === 0
      ? "; too many wrong tries destroyed the note"
      : triesLeft !== null
        ? `; ${triesLeft} tries left before the note is destroyed`
        : "";
  return new SdkError(triesLeft === 0 ? "gone" : "wrong-password", `${what}${suffix}`, { triesLeft }, { cause: error });
}
