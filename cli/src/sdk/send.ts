/** send: encrypt on this machine, create the note, hand back the share and manage links. */
import { toBase64Url } from "../../../crypto/base64url";
import {
  decodeHeader,
  type FormatVersion,
  generateNoteId,
  type Payload,
  type PayloadFile,
  seal,
} from "../../../crypto/index";
import { ApiError, type Config, type Created, createNote, getConfig, type Hooks } from "../../../protocol/index";
import { formatDuration } from "../args";
import { invalid, SdkError } from "./errors";
import { writerIterations } from "./iterations";
import { manageLink, normalizeServer, noteLink, V2_MARKER } from "./links";

/** What send takes: the content, its secrets and its policy. */
export interface SendOptions extends Pick<Hooks, "onUpload"> {
  /** The instance, e.g. "https://notes.example.com" (a path prefix is kept). */
  server: string;
  text?: string;
  tabs?: Payload["tabs"];
  /** Attachments; `type` defaults to application/octet-stream. */
  files?: (Omit<PayloadFile, "type"> & { type?: string })[];
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

const mib = (n: number) => (n / 1048576).toFixed(1);

/** Checks the options against the instance's policy before anything is encrypted or sent. */
function policy(config: Config, options: SendOptions): { ttl: number; views: number | null; password: string | null } {
  const ttl = options.ttl ?? config.defaultTtl;
  const views = options.views === undefined ? 1 : options.views;
  const password = options.password || null;
  if (!Number.isSafeInteger(ttl) || ttl < config.minTtl || ttl > config.maxTtl) {
    throw invalid(
      `the ttl must be between ${formatDuration(config.minTtl)} and ${formatDuration(config.maxTtl)} on this server`,
    );
  }
  if (views !== null && !(Number.isSafeInteger(views) && views >= 1))
    throw invalid("views must be a positive whole number or null");
  if (views !== null && views > config.maxViews)
    throw invalid(`views can be at most ${config.maxViews} on this server`);
  if (config.oneTimeOnly && views !== 1) throw invalid("this server only makes one-time notes (views 1)");
  if (config.passwordRequired && !password) throw invalid("this server requires a password on every note");
  return { ttl, views, password };
}

/** The links are built from the server's answer: it must be for our id and carry a well-formed manage token. */
function checkCreated(created: Created, id: string): void {
  if (created.id !== id) throw new SdkError("damaged", "the server answered for another note id than the one created");
  if (typeof created.manageToken !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(created.manageToken)) {
    throw new SdkError("damaged", "the server's manage token is not 32 bytes of base64url");
  }
}

/** Encrypts text, tabs and files locally and creates a note; the server only ever sees ciphertext. */
export async function send(options: SendOptions): Promise<SentNote> {
  const server = normalizeServer(options.server);
  const files = (options.files ?? []).map((f) => ({
    name: f.name,
    type: f.type ?? "application/octet-stream",
    bytes: f.bytes,
  }));
  const payload: Payload = { text: options.text ?? "", tabs: options.tabs ?? [], files };
  if (!payload.text && payload.tabs.length === 0 && files.length === 0)
    throw invalid("nothing to send: no text, tabs or files");
  if (options.passwordOnly && !options.password) throw invalid("a password-only note needs a password");
  const config = options.config ?? (await getConfig(server));
  const { ttl, views, password } = policy(config, options);

  const id = generateNoteId();
  const sealed = await seal(payload, {
    kind: "note",
    id,
    views,
    ttl,
    password,
    iterations: writerIterations(config, options.version),
    version: options.version,
    ...(options.passwordOnly ? { linkKey: null } : {}),
  });
  if (sealed.body.length > config.maxBodyBytes) {
    throw invalid(
      `too large: this server takes at most ${mib(config.maxBodyBytes)} MiB encrypted (this would be ${mib(sealed.body.length)} MiB)`,
    );
  }
  const { header, wrappedKey, verifier } = sealed;
  const note = {
    id,
    header,
    wrappedKey,
    verifier,
    linkVerifier: sealed.linkVerifier ?? undefined,
    body: toBase64Url(sealed.body),
    views,
    ttl,
  };
  let created: Created;
  try {
    created = await createNote(server, note, { onUpload: options.onUpload });
  } catch (error) {
    if (error instanceof ApiError && error.status === 413) throw invalid(`too large for this server: ${error.message}`);
    throw error;
  }
  checkCreated(created, id);
  // A v2 password-only link says so, so that its readers refuse a v1 header (whose salt a server could choose).
  const fragment = sealed.linkKey ? toBase64Url(sealed.linkKey) : decodeHeader(header).v === 2 ? V2_MARKER : null;
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
