/**
 * Opening a note (one view) and decrypting it as it downloads: readStream hands out the payload as it authenticates,
 * read collects it in memory for small notes. The download resumes through the open's grant if the connection breaks.
 */
import { openStream, type Payload, type PayloadEvent, type Unlocked, WrongKeyError } from "../../../crypto/index";
import { downloadBody, type Hooks, type OpenedNote, openNote } from "../../../protocol/index";
import { SdkError } from "./errors";
import { parseNoteLink } from "./links";
import type { Password } from "./password";
import { inspect, type NoteInfo, refused, unlockNote } from "./read";

/** What read and readStream take. */
export interface ReadOptions extends Pick<Hooks, "onDownload" | "onWait" | "signal"> {
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

/**
 * An opened note whose body is still on its way. Iterate `events` once, to the end: a manifest (text, tabs, file
 * names and sizes), then the files' bytes in order as they authenticate, then an end. An error, even after the last
 * byte (a body cut short), means the note is not whole: discard everything taken from it.
 */
export interface NoteStream {
  viewsLeft: number | null;
  /** The ciphertext's length (null for notes stored before bodies had parts). */
  size: number | null;
  events: AsyncGenerator<PayloadEvent>;
}

/** Opens the note (one view), proving knowledge of the key; its body decrypts as it is read from `events`. */
export async function readStream(options: ReadOptions): Promise<NoteStream> {
  const link = parseNoteLink(options.link);
  const info =
    options.info?.id === link.id && options.info.server === link.server ? options.info : await inspect(options.link);
  const unlocked = await unlockNote(link, info.header, info.headerText, options.password);
  const { onWait, signal } = options;
  let opened: OpenedNote;
  try {
    opened = await openNote(
      link.server,
      link.id,
      { proof: unlocked.proof, linkProof: unlocked.linkProof ?? undefined },
      { onWait, signal },
    );
  } catch (error) {
    throw refused(error, info.header);
  }
  const body = downloadBody(link.server, link.id, opened, { onProgress: options.onDownload, signal });
  const { viewsLeft, size } = opened.meta;
  return { viewsLeft, size, events: decrypting(unlocked, opened.meta.wrappedKey, body) };
}

/** openStream, with a wrapped key that does not open after the server accepted our proof reported as alteration. */
async function* decrypting(
  unlocked: Unlocked,
  wrappedKey: string,
  body: AsyncIterable<Uint8Array>,
): AsyncGenerator<PayloadEvent> {
  try {
    yield* openStream(unlocked, wrappedKey, body);
  } catch (error) {
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

/** Opens the note (one view) and decrypts it whole into memory: for notes small enough to hold. */
export async function read(options: ReadOptions): Promise<ReadNote> {
  const note = await readStream(options);
  let payload: Payload = { text: "", tabs: [], files: [] };
  let chunks: Uint8Array[][] = [];
  for await (const event of note.events) {
    if (event.kind === "manifest") {
      const files = event.files.map((f) => ({ name: f.name, type: f.type, bytes: new Uint8Array(0) }));
      payload = { text: event.text, tabs: event.tabs, files };
      chunks = files.map(() => []);
    } else if (event.kind === "data") chunks[event.file]!.push(event.bytes.slice());
  }
  for (const [i, file] of payload.files.entries()) file.bytes = concat(chunks[i]!);
  return { ...payload, viewsLeft: note.viewsLeft };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}
