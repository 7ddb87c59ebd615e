/** inspect: what a share link is, from the non-consuming GET; and the checks before a note is opened (read-stream.ts). */
import { checkHeader, decodeHeader, type Expected, type Header, type Unlocked, unlock } from "../../../crypto/index";
import { ApiError, type NoteStatus, noteStatus } from "../../../protocol/index";
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

/**
 * Rules 6 and 9 before anything is sent: a header with a link needs the link's key, a password only when the header
 * has a KDF; the link key goes in even when the header says none is needed, so a header that drops it is refused.
 */
export async function unlockNote(
  link: NoteLink,
  header: Header,
  headerText: string,
  password?: Password,
): Promise<Unlocked> {
  if (header.link && !link.linkKey)
    throw new SdkError("wrong-password", "this link has lost its key (the part after #); copy the whole link");
  const secret = header.kdf ? await resolvePassword(password, "this note needs a password") : null;
  return unlock(headerText, { linkKey: link.linkKey, password: secret }, { expect: expected(link) }).catch(
    (error: unknown) => {
      throw misbehaved(error);
    },
  );
}

/** A refused /open as a sentence: which secret was wrong, and how many tries the note still allows. */
export function refused(error: unknown, header: Header): unknown {
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
