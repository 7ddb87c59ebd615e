/**
 * Creating a note without holding it in memory: files are encrypted record by record as they are read from disk and
 * uploaded part by part, so the page holds a few parts at most whatever the file's size. Cancel deletes the note.
 */
import { generateLinkKey, generateNoteId, noteSalt, type StreamFile, sealStream } from "../../../crypto/index";
import { createNote, deleteNote } from "../../../protocol/api";
import { SAME_ORIGIN } from "../../../protocol/http";
import { uploadBody } from "../../../protocol/transfer";
import type { Config, Created } from "../../../protocol/wire";
import { stretch } from "../../shared/crypto-client";
import { t } from "../../shared/i18n";

/** What the person filled in on the form. */
export interface Draft {
  text: string;
  tabs: { title: string; text: string }[];
  files: readonly File[];
  password: string | null;
  passwordOnly: boolean;
  views: number | null;
  ttl: number;
}

/** What the page hears while a note is sent. */
export interface SendHooks {
  /** A new step starts (stretching, uploading): a sentence for the busy line. */
  onStep(message: string): void;
  /** Ciphertext bytes stored so far, of the whole body. */
  onProgress(done: number, total: number): void;
  /** Cancel: stops reading, encrypting and uploading, and deletes what was already stored. */
  signal: AbortSignal;
}

/** A sent note: the server's answer and the header and link key the share link is made of. */
export interface Sent {
  created: Created;
  header: string;
  linkKey: Uint8Array | null;
}

/** A file's bytes as the platform streams them; read with a reader, since not every browser iterates streams. */
async function* chunks(file: File): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
  } finally {
    reader.releaseLock();
  }
}

const streamFile = (file: File): StreamFile => ({
  name: file.name || "pasted-file",
  type: file.type,
  size: file.size,
  chunks: chunks(file),
});

/** The password stretched in the crypto Web Worker (600,000 PBKDF2 rounds never freeze the page). */
async function stretched(id: string, password: string, iterations: number) {
  // Format v2 (what pages write): a note's salt comes from its id, so no server can pick one to test passwords with.
  const salt = await noteSalt(id);
  return { stretched: await stretch(password, salt, iterations), salt, iterations };
}

/** Seals and uploads the draft; the note is readable only once its last part is stored. */
export async function send(config: Config, draft: Draft, hooks: SendHooks): Promise<Sent> {
  const { signal } = hooks;
  const id = generateNoteId();
  const linkKey = draft.password && draft.passwordOnly ? null : generateLinkKey();
  let secrets: { stretched?: Uint8Array; salt?: Uint8Array; iterations?: number } = {};
  if (draft.password) {
    hooks.onStep(t("create.busy.stretching", { count: config.defaultKdfIterations }));
    secrets = await stretched(id, draft.password, config.defaultKdfIterations);
  }
  signal.throwIfAborted();
  const sealed = await sealStream(
    { text: draft.text, tabs: draft.tabs, files: draft.files.map(streamFile) },
    { kind: "note", id, views: draft.views, ttl: draft.ttl, linkKey, ...secrets },
  );
  const { header, wrappedKey, verifier } = sealed;
  const created = await createNote(SAME_ORIGIN, {
    id,
    header,
    wrappedKey,
    verifier,
    linkVerifier: sealed.linkVerifier ?? undefined,
    views: draft.views,
    ttl: draft.ttl,
    size: sealed.size,
  });
  try {
    signal.throwIfAborted();
    hooks.onStep(t("create.busy.uploading"));
    await uploadBody(SAME_ORIGIN, id, created.manageToken, created.parts, sealed.body, {
      onProgress: hooks.onProgress,
      signal,
    });
  } catch (error) {
    // Half a note is no note: take it off the server now rather than leaving it to the abandoned-upload alarm.
    await deleteNote(SAME_ORIGIN, id, { manageToken: created.manageToken }).catch(() => {});
    throw error;
  }
  return { created, header, linkKey: sealed.linkKey };
}
