/** send: encrypt on this machine as the files are read, create the note, upload it part by part, hand back its links. */
import { toBase64Url } from "../../../crypto/base64url";
import {
  decodeHeader,
  type FormatVersion,
  generateNoteId,
  HushnoteCryptoError,
  type Payload,
  type PayloadFile,
  type StreamPayload,
  sealStream,
} from "../../../crypto/index";
import {
  ApiError,
  type Config,
  type Created,
  createNote,
  deleteNote,
  getConfig,
  type NewNote,
  type ProgressHook,
  uploadBody,
} from "../../../protocol/index";
import { invalid } from "./errors";
import { writerIterations } from "./iterations";
import { manageLink, normalizeServer, noteLink, V2_MARKER } from "./links";
import { checkCreated, checkSize, policy } from "./send-checks";

/** What every send takes besides the content: the instance, the secrets, the policy, progress and cancellation. */
export interface SendBaseOptions {
  /** The instance, e.g. "https://notes.example.com" (a path prefix is kept). */
  server: string;
  text?: string;
  tabs?: Payload["tabs"];
  /** Also needed to open the note; the reader types it, it is never in the link. */
  password?: string | null;
  /** Leave the key out of the link, so the password alone opens the note (needs `password`). */
  passwordOnly?: boolean;
  /** Lifetime in seconds; default: the server's. */
  ttl?: number;
  /** How many times it can be opened; null = until it expires. Default 1. */
  views?: number | null;
  /** The server's GET /api/config answer, when the caller already has it. */
  config?: Config;
  /** The format to write (1 or 2); default: the newest this release writes by default (WRITE_VERSION). */
  version?: FormatVersion;
  /** Ciphertext bytes stored so far, of the whole body. */
  onUpload?: ProgressHook;
  /** Stops the upload; the unfinished note is cancelled on the server, and the call rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** What send takes: the content in memory (small notes). */
export interface SendOptions extends SendBaseOptions {
  /** Attachments; `type` defaults to application/octet-stream. */
  files?: (Omit<PayloadFile, "type"> & { type?: string })[];
}

/** One attachment read as it is sent: `size` is declared first, then exactly that many bytes from `chunks`. */
export interface SendStreamFile {
  name: string;
  type?: string;
  size: number;
  chunks: AsyncIterable<Uint8Array>;
}

/** What sendStream takes: files as streams (e.g. `fs.createReadStream(path)`), memory bounded whatever their size. */
export interface SendStreamOptions extends SendBaseOptions {
  files?: SendStreamFile[];
}

/** What send returns. */
export interface SentNote {
  /** The share link: the key in its fragment, or for `passwordOnly` none (v1) or `#v2` (a v2 note). */
  link: string;
  /** The creator's private link for status and revoke. */
  manageLink: string;
  id: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  viewsLeft: number | null;
  ttl: number;
  views: number | null;
}

const encoder = new TextEncoder();

/** Bytes of text, tabs and files: what a server's limit counts. */
const contentBytes = (p: StreamPayload) =>
  encoder.encode(p.text).length +
  p.tabs.reduce((sum, t) => sum + encoder.encode(t.title + t.text).length, 0) +
  p.files.reduce((sum, f) => sum + f.size, 0);

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** Encrypts text, tabs and files held in memory and creates a note; the server only ever sees ciphertext. */
export function send(options: SendOptions): Promise<SentNote> {
  const files = (options.files ?? []).map((f) => ({ ...f, size: f.bytes?.length, chunks: once(f.bytes) }));
  return sendStream({ ...options, files });
}

/**
 * Encrypts as the files are read and uploads as it encrypts, one part (at most 25 MiB) at a time, each retried alone;
 * the note becomes readable when its last part is stored. If anything fails (or `signal` aborts) the note is deleted.
 */
export async function sendStream(options: SendStreamOptions): Promise<SentNote> {
  const server = normalizeServer(options.server);
  return sendVia(server, options, (note) => createNote(server, note, { signal: options.signal }));
}

/** Creates a sealed note on the server (POST /api/notes, or through a request for its answer); `linkKey` is its key. */
export type NoteCreator = (note: NewNote & { size: number }, linkKey: Uint8Array | null) => Promise<Created>;

/** sendStream with the note created by `create`: seals, creates, uploads, and deletes the note if anything fails. */
export async function sendVia(server: string, options: SendStreamOptions, create: NoteCreator): Promise<SentNote> {
  const files = (options.files ?? []).map((f) => ({ ...f, type: f.type ?? "application/octet-stream" }));
  const payload: StreamPayload = { text: options.text ?? "", tabs: options.tabs ?? [], files };
  if (!payload.text && payload.tabs.length === 0 && files.length === 0)
    throw invalid("nothing to send: no text, tabs or files");
  if (options.passwordOnly && !options.password) throw invalid("a password-only note needs a password");
  const { signal } = options;
  const config = options.config ?? (await getConfig(server));
  const { ttl, views, password } = policy(config, options);

  const id = generateNoteId();
  const sealed = await sealStream(payload, {
    kind: "note",
    id,
    views,
    ttl,
    password,
    iterations: writerIterations(config, options.version),
    version: options.version,
    ...(options.passwordOnly ? { linkKey: null } : {}),
  });
  const { v } = decodeHeader(sealed.header);
  checkSize(config, sealed.size, v, contentBytes(payload));
  signal?.throwIfAborted();
  const { header, wrappedKey, verifier } = sealed;
  const note = { id, header, wrappedKey, verifier, linkVerifier: sealed.linkVerifier ?? undefined, views, ttl };
  const created = await create({ ...note, size: sealed.size }, sealed.linkKey).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 413) throw invalid(`too large for this server: ${error.message}`);
    throw error;
  });
  checkCreated(created, id, sealed.size, v);
  try {
    // Always with a progress callback: protocol then streams each part to fetch instead of handing it the bytes,
    // which Node's fetch copies whole (25 MiB more per part until the garbage collector gets to it).
    const onProgress = (done: number, total: number) => options.onUpload?.(done, total);
    await uploadBody(server, id, created.manageToken, created.parts, sealed.body, { onProgress, signal });
  } catch (error) {
    // An unfinished upload is cancelled now rather than left for the server's alarm an hour later.
    await deleteNote(server, id, { manageToken: created.manageToken }).catch(() => undefined);
    if (error instanceof HushnoteCryptoError)
      throw invalid(`a file changed while it was being sent (${error.message}); nothing was kept on the server`);
    throw error;
  }
  // A v2 password-only link says so, so that its readers refuse a v1 header (whose salt a server could choose).
  const fragment = sealed.linkKey ? toBase64Url(sealed.linkKey) : v === 2 ? V2_MARKER : null;
  return {
    link: noteLink(server, id, fragment),
    manageLink: manageLink(server, created.id, created.manageToken),
    id,
    expiresAt: created.expiresAt,
    viewsLeft: created.viewsLeft,
    ttl,
    views,
  };
}
