/** Password notepads at /p/<name>: get, put (never over a version the caller has not seen) and delete. */
import { decodeHeader, type Payload, padFingerprint } from "../../../crypto/index";
import { ApiError, type Config, deletePad, getConfig, type Hooks, padStatus, putPad } from "../../../protocol/index";
import { SdkError } from "./errors";
import { normalizeServer, padSlug } from "./links";
import {
  acceptFreed,
  issuedDevice,
  type OpenedPad,
  openExisting,
  type PadOpenOptions,
  type PadRemember,
  refused,
} from "./pad-open";
import { createRequest, type PadSaveRequest, saveRequest } from "./pad-save";

export type { PadKeyChange, PadRemember, PadRemembered } from "./pad-open";

/** What padGet and padDelete take. */
export interface PadOptions extends PadOpenOptions {
  server: string;
  /** The notepad's name, normalised like the page does ("Team Notes" → team-notes). */
  name: string;
}

/** What padPut takes. */
export interface PadPutOptions extends PadOptions, Pick<Hooks, "onUpload"> {
  /** The new text; the notepad's tabs and files are kept. */
  text: string;
  /**
   * The version `text` is based on (padGet's `version`): if the notepad has changed since, nothing is saved and a
   * `conflict` SdkError says so. Omit to overwrite whatever is there. A free address is created either way (if
   * `remembered` holds a notepad there, only once `onFreed` accepts that it is gone).
   */
  base?: number;
  /** The server's GET /api/config answer, when the caller already has it. */
  config?: Config;
}

/** A decrypted notepad at its current version. */
export interface PadNote extends Payload {
  slug: string;
  version: number;
  remember: PadRemember;
}

const padGone = (server: string, slug: string) => (cause?: unknown) =>
  new SdkError("gone", `there is no notepad at ${server}/p/${slug} (the address is free)`, {}, { cause });

function conflict(slug: string, mine: number, current: unknown, cause?: unknown): SdkError {
  const version = typeof current === "number" ? current : null;
  const now = version === null ? "a newer version" : `version ${version}`;
  return new SdkError(
    "conflict",
    `${slug} changed since version ${mine} (it is now at ${now}); nothing was saved`,
    { version },
    { cause },
  );
}

/** The notepad's current version without opening it, or null when the address is free. */
export async function padInfo(
  options: Pick<PadOptions, "server" | "name">,
): Promise<{ slug: string; version: number } | null> {
  const slug = padSlug(options.name);
  const status = await padStatus(normalizeServer(options.server), slug);
  return status && { slug, version: status.version };
}

/** GET then open, by the name the caller gave: an address that is free is `gone` (once `onFreed` accepts it). */
async function openNamed(options: PadOptions): Promise<{ server: string; slug: string; opened: OpenedPad }> {
  const server = normalizeServer(options.server);
  const slug = padSlug(options.name);
  const status = await padStatus(server, slug);
  if (!status) {
    await acceptFreed(slug, options);
    throw padGone(server, slug)();
  }
  return { server, slug, opened: await openExisting(server, slug, status, options, padGone(server, slug)) };
}

/** The notepad's text, tabs, files and version, and what to remember about it. */
export async function padGet(options: PadOptions): Promise<PadNote> {
  const { slug, opened } = await openNamed(options);
  return {
    ...opened.payload,
    slug,
    version: opened.version,
    remember: { memory: opened.memory, device: opened.device },
  };
}

/** Saves `text` (creating the notepad at a free address); the server's compare-and-set refuses a lost update. */
export async function padPut(
  options: PadPutOptions,
): Promise<{ slug: string; version: number; created: boolean; remember: PadRemember }> {
  const server = normalizeServer(options.server);
  const slug = padSlug(options.name);
  const config = options.config ?? (await getConfig(server));
  const status = await padStatus(server, slug);
  let request: PadSaveRequest;
  let device: string | null = null;
  if (!status) {
    await acceptFreed(slug, options);
    request = await createRequest(slug, options.text, options, config);
  } else {
    const opened = await openExisting(server, slug, status, options, padGone(server, slug));
    if (options.base !== undefined && options.base !== opened.version)
      throw conflict(slug, options.base, opened.version);
    device = opened.device;
    request = await saveRequest(opened, slug, { ...opened.payload, text: options.text }, config);
  }
  try {
    const saved = await putPad(server, slug, request.put, request.body, {
      onUpload: options.onUpload,
      signal: options.signal,
    });
    const remember = {
      memory: padFingerprint(decodeHeader(request.put.header), request.bodyVersion),
      device: issuedDevice(saved.device) ?? device,
    };
    options.onRemember?.(remember);
    return { slug, version: saved.version, created: !status, remember };
  } catch (error) {
    if (error instanceof ApiError && error.status === 409)
      throw conflict(slug, request.put.version, error.body.version, error);
    throw refused(error, padGone(server, slug));
  }
}

/** Erases the notepad for good (its key first, then its body); the address is free again at once. Forget it after. */
export async function padDelete(options: PadOptions): Promise<void> {
  const { server, slug, opened } = await openNamed(options);
  try {
    await deletePad(server, slug, {
      proof: opened.unlocked.proof,
      ...(opened.device ? { device: opened.device } : {}),
    });
  } catch (error) {
    throw refused(error, padGone(server, slug));
  }
}
