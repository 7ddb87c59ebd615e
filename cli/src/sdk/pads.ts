/** Password notepads at /p/<name>: get, put (never over a version the caller has not seen) and delete. */
import { fromBase64Url, toBase64Url } from "../../../crypto/base64url";
import { decodeHeader, decrypt, reseal, rewrap, seal, unlock, WrongKeyError, type Header, type Payload, type Unlocked } from "../../../crypto/index";
import { ApiError, deletePad, getConfig, openPad, padStatus, putPad, type Config, type Hooks, type PadPut, type PadStatus } from "../../../protocol/index";
import { SdkError } from "./errors";
import { normalizeServer, padSlug } from "./links";
import { resolvePassword, type Password } from "./password";

/** What padGet and padDelete take. */
export interface PadOptions extends Pick<Hooks, "onDownload" | "onWait"> {
  server: string;
  /** The notepad's name, normalised like the page does ("Team Notes" → team-notes). */
  name: string;
  /** A function is called only once the notepad is known to exist (e.g. to prompt). */
  password: Password;
}

/** What padPut takes. */
export interface PadPutOptions extends PadOptions, Pick<Hooks, "onUpload"> {
  /** The new text; the notepad's tabs and files are kept. */
  text: string;
  /**
   * The version `text` is based on (padGet's `version`): if the notepad has changed since, nothing is saved and a
   * `conflict` SdkError says so. Omit to overwrite whatever is there. A free address is created either way.
   */
  base?: number;
  /** The server's GET /api/config answer, when the caller already has it. */
  config?: Config;
}

/** A decrypted notepad at its current version. */
export interface PadNote extends Payload { slug: string; version: number }

interface OpenedPad { header: Header; unlocked: Unlocked; wrappedKey: string; payload: Payload; version: number; password: string }

const padGone = (server: string, slug: string, cause?: unknown) =>
  new SdkError("gone", `there is no notepad at ${server}/p/${slug} (the address is free)`, {}, { cause });

function conflict(slug: string, mine: number, current: unknown, cause?: unknown): SdkError {
  const version = typeof current === "number" ? current : null;
  const now = version === null ? "a newer version" : `version ${version}`;
  return new SdkError("conflict", `${slug} changed since version ${mine} (it is now at ${now}); nothing was saved`, { version }, { cause });
}

/** A refused notepad call: wrong password (the server's sentence says how long to wait, if it must), or gone. */
function refused(error: unknown, server: string, slug: string): unknown {
  if (!(error instanceof ApiError)) return error;
  if (error.status === 403 || error.status === 429) return new SdkError("wrong-password", error.message, { retryAfter: error.retryAfter }, { cause: error });
  if (error.status === 404) return padGone(server, slug, error);
  return error;
}

/** The notepad's current version without opening it, or null when the address is free. */
export async function padInfo(options: Pick<PadOptions, "server" | "name">): Promise<{ slug: string; version: number } | null> {
  const slug = padSlug(options.name);
  const status = await padStatus(normalizeServer(options.server), slug);
  return status && { slug, version: status.version };
}

/** Opens and decrypts an existing notepad with its password. */
async function openExisting(server: string, status: PadStatus, options: PadOptions): Promise<OpenedPad> {
  const header = decodeHeader(status.header);
  if (header.kind !== "pad" || header.id !== status.slug) throw new SdkError("damaged", "the server answered with another notepad's header");
  const password = await resolvePassword(options.password, `the notepad ${status.slug} needs its password`);
  const unlocked = await unlock(status.header, { password });
  let opened;
  try {
    opened = await openPad(server, status.slug, { proof: unlocked.proof }, { onDownload: options.onDownload, onWait: options.onWait });
  } catch (error) {
    throw refused(error, server, status.slug);
  }
  const body = fromBase64Url(opened.body);
  if (!body) throw new SdkError("damaged", "the server sent a body that is not base64url");
  try {
    const payload = await decrypt(unlocked, opened.wrappedKey, body);
    return { header, unlocked, wrappedKey: opened.wrappedKey, payload, version: opened.version, password };
  } catch (error) {
    if (error instanceof WrongKeyError) throw new SdkError("damaged", "the server accepted the password but the notepad does not decrypt: it was altered", {}, { cause: error });
    throw error;
  }
}

/** GET then open, by name: an address that is free is `gone`. */
async function openNamed(options: PadOptions): Promise<{ server: string; slug: string; opened: OpenedPad }> {
  const server = normalizeServer(options.server);
  const slug = padSlug(options.name);
  const status = await padStatus(server, slug);
  if (!status) throw padGone(server, slug);
  return { server, slug, opened: await openExisting(server, status, options) };
}

/** The notepad's text, tabs, files and version. */
export async function padGet(options: PadOptions): Promise<PadNote> {
  const { slug, opened } = await openNamed(options);
  return { ...opened.payload, slug, version: opened.version };
}

/** The save request for an existing notepad: new text under its data key, its KDF upgraded if below the default. */
async function saveRequest(opened: OpenedPad, status: PadStatus, text: string, config: Config): Promise<PadPut> {
  const body = await reseal(opened.unlocked, opened.wrappedKey, { ...opened.payload, text });
  const put: PadPut = { version: opened.version, header: status.header, wrappedKey: opened.wrappedKey, body: toBase64Url(body), proof: opened.unlocked.proof };
  // DESIGN §1: old KDF parameters are upgraded to the instance default on the next save (same password, same DEK).
  if ((opened.header.kdf?.iterations ?? 0) >= config.defaultKdfIterations) return put;
  const next = await rewrap(opened.unlocked, opened.wrappedKey, { linkKey: null, password: opened.password, iterations: config.defaultKdfIterations });
  return { ...put, header: next.header, wrappedKey: next.wrappedKey, verifier: next.verifier };
}

/** Saves `text` (creating the notepad at a free address); the server's compare-and-set refuses a lost update. */
export async function padPut(options: PadPutOptions): Promise<{ slug: string; version: number; created: boolean }> {
  const server = normalizeServer(options.server);
  const slug = padSlug(options.name);
  const config = options.config ?? (await getConfig(server));
  const status = await padStatus(server, slug);
  let put: PadPut;
  if (!status) {
    const password = await resolvePassword(options.password, `a new notepad needs a password`);
    const sealed = await seal({ text: options.text, tabs: [], files: [] }, { kind: "pad", id: slug, views: null, ttl: null, linkKey: null, password, iterations: config.defaultKdfIterations });
    put = { version: 0, header: sealed.header, wrappedKey: sealed.wrappedKey, body: toBase64Url(sealed.body), verifier: sealed.verifier };
  } else {
    const opened = await openExisting(server, status, options);
    if (options.base !== undefined && options.base !== opened.version) throw conflict(slug, options.base, opened.version);
    put = await saveRequest(opened, status, options.text, config);
  }
  try {
    const saved = await putPad(server, slug, put, { onUpload: options.onUpload });
    return { slug, version: saved.version, created: !status };
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) throw conflict(slug, put.version, error.body.version, error);
    throw refused(error, server, slug);
  }
}

/** Erases the notepad for good (its key first, then its body); the address is free again at once. */
export async function padDelete(options: PadOptions): Promise<void> {
  const { server, slug, opened } = await openNamed(options);
  try {
    await deletePad(server, slug, { proof: opened.unlocked.proof });
  } catch (error) {
    throw refused(error, server, slug);
  }
}
