/** send: encrypt on this machine, create the note, hand back the share and manage links. */
import { toBase64Url } from "../../../crypto/base64url";
import { generateNoteId, seal, type Payload, type PayloadFile } from "../../../crypto/index";
import { ApiError, createNote, getConfig, type Config, type Hooks } from "../../../protocol/index";
import { formatDuration } from "../args";
import { invalid } from "./errors";
import { manageLink, normalizeServer, noteLink } from "./links";

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
}

/** What send returns. */
export interface SentNote {
  /** The share link, with the key in its fragment unless `passwordOnly`. */
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
    throw invalid(`the ttl must be between ${formatDuration(config.minTtl)} and ${formatDuration(config.maxTtl)} on this server`);
  }
  if (views !== null && !(Number.isSafeInteger(views) && views >= 1)) throw invalid("views must be a positive whole number or null");
  if (views !== null && views > config.maxViews) throw invalid(`views can be at most ${config.maxViews} on this server`);
  if (config.oneTimeOnly && views !== 1) throw invalid("this server only makes one-time notes (views 1)");
  if (config.passwordRequired && !password) throw invalid("this server requires a password on every note");
  return { ttl, views, password };
}

/** Encrypts text, tabs and files locally and creates a note; the server only ever sees ciphertext. */
export async function send(options: SendOptions): Promise<SentNote> {
  const server = normalizeServer(options.server);
  const files = (options.files ?? []).map((f) => ({ name: f.name, type: f.type ?? "application/octet-stream", bytes: f.bytes }));
  const payload: Payload = { text: options.text ?? "", tabs: options.tabs ?? [], files };
  if (!payload.text && payload.tabs.length === 0 && files.length === 0) throw invalid("nothing to send: no text, tabs or files");
  if (options.passwordOnly && !options.password) throw invalid("a password-only note needs a password");
  const config = options.config ?? (await getConfig(server));
  const { ttl, views, password } = policy(config, options);

  const id = generateNoteId();
  const sealed = await seal(payload, {
    kind: "note", id, views, ttl, password, iterations: config.defaultKdfIterations,
    ...(options.passwordOnly ? { linkKey: null } : {}),
  });
  if (sealed.body.length > config.maxBodyBytes) {
    throw invalid(`too large: this server takes at most ${mib(config.maxBodyBytes)} MiB encrypted (this would be ${mib(sealed.body.length)} MiB)`);
  }
  const { header, wrappedKey, verifier } = sealed;
  const note = { id, header, wrappedKey, verifier, linkVerifier: sealed.linkVerifier ?? undefined, body: toBase64Url(sealed.body), views, ttl };
  let created;
  try {
    created = await createNote(server, note, { onUpload: options.onUpload });
  } catch (error) {
    if (error instanceof ApiError && error.status === 413) throw invalid(`too large for this server: ${error.message}`);
    throw error;
  }
  return {
    link: noteLink(server, created.id, sealed.linkKey ? toBase64Url(sealed.linkKey) : null),
    manageLink: manageLink(server, created.id, created.manageToken),
    id: created.id,
    expiresAt: created.expiresAt,
    viewsLeft: created.viewsLeft,
    ttl,
    views,
  };
}
