/** What send checks before anything is encrypted or sent, and in the server's answer before anything is uploaded. */
import { ciphertextLength, type FormatVersion, partSizes } from "../../../crypto/index";
import type { Config, Created } from "../../../protocol/index";
import { formatDuration } from "../args";
import { invalid, SdkError } from "./errors";

/** The policy part of send's options. */
export interface SendPolicy {
  ttl?: number;
  views?: number | null;
  password?: string | null;
}

/** Room for the manifest (text, tab titles, file names) a server allows on top of maxBodyBytes (docs/API.md). */
const MANIFEST_ROOM = 65_536;

const mib = (n: number) => (n / 1048576).toFixed(1);

/** Checks the options against the instance's policy before anything is encrypted or sent. */
export function policy(
  config: Config,
  options: SendPolicy,
): { ttl: number; views: number | null; password: string | null } {
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

/**
 * The server's own limit, applied to the sealed size before anything is sent: maxBodyBytes of text and files, with
 * room for the manifest. `content` (the bytes of text, tabs and files) is what the message names.
 */
export function checkSize(config: Config, size: number, v: FormatVersion, content: number): void {
  if (size > ciphertextLength(config.maxBodyBytes + MANIFEST_ROOM, v))
    throw invalid(
      `too large: this server takes at most ${mib(config.maxBodyBytes)} MiB per note (this one is ${mib(content)} MiB)`,
    );
}

/**
 * The links are built from the server's answer and the body is cut by it: it must be for our id, carry a well-formed
 * manage token, and ask for exactly the parts the format lays this body out in.
 */
export function checkCreated(created: Created, id: string, size: number, v: FormatVersion): void {
  if (created.id !== id) throw new SdkError("damaged", "the server answered for another note id than the one created");
  if (typeof created.manageToken !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(created.manageToken)) {
    throw new SdkError("damaged", "the server's manage token is not 32 bytes of base64url");
  }
  const expected = partSizes(size, v);
  if (!Array.isArray(created.parts) || created.parts.join() !== expected.join())
    throw new SdkError("damaged", `the server asked for parts that are not the ${expected.length} this body is cut in`);
}
