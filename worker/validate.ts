/** Validation at the edge: every field is checked here before KV or a Durable Object is touched. */
import { fromBase64Url } from "../crypto/base64url";
import {
  type FormatVersion,
  MAX_ITERATIONS,
  MIN_ITERATIONS_V2,
  WRAPPED_KEY_SIZE,
  WRAPPED_KEY_SIZE_V2,
} from "../crypto/constants";
import { CorruptEnvelopeError, UnsupportedVersionError } from "../crypto/errors";
import { decodeHeader, type Header, isNoteId } from "../crypto/header";
import { checkNoteSalt } from "../crypto/header-v2";
import { bodyLengthProblem, ciphertextLength } from "../crypto/parts";
import { isUsableSlug } from "../protocol/slug";
import type { Config } from "./config";
import { StatusError } from "./errors";

/** Sizes fixed by the format (docs/FORMAT.md): the wrapped key of each version; digests, proofs and linkProofs. */
export const WRAPPED_KEY_BYTES: Record<Header["v"], number> = { 1: WRAPPED_KEY_SIZE, 2: WRAPPED_KEY_SIZE_V2 };
export const DIGEST_BYTES = 32;
/** Room for the payload's manifest (text, tab titles, file names) on top of MAX_BODY_BYTES of text and files. */
const MANIFEST_ROOM = 65_536;

function bad(message: string): never {
  throw new StatusError(400, message);
}

/** A note id: 16 bytes as 22 base64url characters. */
export function noteId(value: unknown): string {
  if (!isNoteId(value)) bad("A note id is 16 bytes written as 22 base64url characters.");
  return value;
}

/** A notepad address in normal form (see protocol/slug.ts), not reserved by the site. */
export function slug(value: unknown): string {
  if (typeof value !== "string" || !isUsableSlug(value)) {
    bad("A notepad address is 1–64 lowercase letters, digits and single dashes, and not a reserved name.");
  }
  return value;
}

/** A notepad version: a non-negative integer (0 means "create"). */
export function version(value: unknown): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) bad('"version" must be a non-negative integer.');
  return value as number;
}

/** Base64url bytes of an exact length (wrapped key, verifier, proof, manage token). */
export function exactBytes(value: unknown, length: number, field: string): Uint8Array {
  const bytes = typeof value === "string" ? fromBase64Url(value) : null;
  if (!bytes || bytes.length !== length) bad(`"${field}" must be ${length} bytes in base64url without padding.`);
  return bytes;
}

/** The longest ciphertext accepted for a payload limit (MAX_BODY_BYTES, or maxPadBytes): the manifest's room added. */
export function ciphertextLimit(payloadLimit: number, v: FormatVersion): number {
  return ciphertextLength(payloadLimit + MANIFEST_ROOM, v);
}

/**
 * A note's ciphertext length: one a writer can produce for the header's format (400 otherwise), within the instance's
 * payload limit MAX_BODY_BYTES plus 64 KiB for the manifest (413 above it).
 */
export function noteSize(value: unknown, h: Header, config: Config): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) bad('"size" must be the ciphertext\'s length in bytes.');
  const size = value as number;
  const limit = ciphertextLimit(config.maxBodyBytes, h.v);
  if (size > limit) {
    throw new StatusError(
      413,
      `The note is larger than this instance accepts (MAX_BODY_BYTES: ${config.maxBodyBytes} bytes).`,
    );
  }
  const problem = bodyLengthProblem(size, h.v);
  if (problem) bad(`"size" is no length a format v${h.v} body can have: ${problem}.`);
  return size;
}

/** A part number in a path: 0, or a positive integer without leading zeros. */
export function partNumber(value: unknown): number {
  if (typeof value !== "string" || !/^(0|[1-9]\d{0,5})$/.test(value)) bad("A part number is a whole number from 0.");
  return Number(value);
}

/** Views: an integer 1..MAX_VIEWS, or null for "until it expires"; exactly 1 on a one-time-only instance. */
export function views(value: unknown, config: Config): number | null {
  if (config.oneTimeOnly) {
    if (value !== 1) bad('This instance only allows one-time notes (ONE_TIME_ONLY): "views" must be 1.');
    return 1;
  }
  if (value === null) return null;
  if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > config.maxViews) {
    bad(`"views" must be an integer from 1 to ${config.maxViews} (MAX_VIEWS), or null.`);
  }
  return value as number;
}

/** Time to live in seconds: one of the instance's expiry choices. */
export function ttl(value: unknown, config: Config): number {
  if (typeof value !== "number" || !config.expiryChoices.includes(value)) {
    bad(
      `"ttl" must be one of this instance's expiry choices in seconds (EXPIRY_CHOICES): ${config.expiryChoices.join(", ")}.`,
    );
  }
  return value;
}

/** What the route and the request say a header must bind. */
export interface HeaderFacts {
  kind: "note" | "pad";
  id: string;
  views: number | null;
  ttl: number | null;
}

/** A header the server stores: its base64url text (the exact AAD bytes) and what it says. */
export interface ValidHeader {
  text: string;
  decoded: Header;
}

/**
 * The public header: the format's own decoder decides what a header is (canonical form, id rules, sizes); then only
 * what this server alone knows is checked: its policy, the v2 rules a writer must follow, and that it binds `expect`.
 */
export async function header(value: unknown, expect: HeaderFacts, config: Config): Promise<ValidHeader> {
  const h = decoded(value);
  if (h.kind !== expect.kind) bad(`"header.kind" must be "${expect.kind}".`);
  if (h.id !== expect.id) bad('"header.id" must equal the id it is stored under.');
  if (h.views !== expect.views) bad('"header.views" must equal "views".');
  if (h.ttl !== expect.ttl) bad('"header.ttl" must equal "ttl".');
  const iterations = h.kdf?.iterations;
  // v2 writers use at least 600,000 iterations and v2 readers refuse fewer: a lower count would store an unreadable note.
  const floor = Math.max(config.minKdfIterations, h.v === 2 ? MIN_ITERATIONS_V2 : 0);
  if (iterations !== undefined && (iterations < floor || iterations > MAX_ITERATIONS)) {
    bad(
      `"header.kdf.iterations" must be an integer from ${floor} (${h.v === 2 ? "format v2" : "MIN_KDF_ITERATIONS"}) to ${MAX_ITERATIONS}.`,
    );
  }
  if (config.passwordRequired && h.kdf === null)
    bad("This instance requires a password on every note (PASSWORD_REQUIRED).");
  try {
    // A v2 note's salt is derived from its id, and every reader refuses another one: refuse it here, not at reading.
    await checkNoteSalt(h);
  } catch (thrown) {
    if (thrown instanceof CorruptEnvelopeError)
      bad('"header.kdf.salt" of a format v2 note must be the one derived from its id (docs/FORMAT.md).');
    throw thrown;
  }
  return { text: value as string, decoded: h };
}

/** The wrapped key, whose size depends on the header's format version (v1: 60 bytes, v2: 92). */
export function wrappedKey(value: unknown, h: Header): Uint8Array {
  return exactBytes(value, WRAPPED_KEY_BYTES[h.v], "wrappedKey");
}

/**
 * A note's link verifier: required for a v2 note with a link key (the server counts wrong passwords only from callers
 * who prove the link with it), refused for any other note, where it would mean nothing. JSON null counts as absent.
 */
export function linkVerifier(value: unknown, h: Header): Uint8Array | null {
  const wanted = h.v === 2 && h.link;
  if (value === undefined || value === null) {
    if (wanted) bad('A format v2 note with a link key needs "linkVerifier" (32 bytes: SHA-256 of its linkAuth).');
    return null;
  }
  if (!wanted) bad('"linkVerifier" belongs only to format v2 notes with a link key.');
  return exactBytes(value, DIGEST_BYTES, "linkVerifier");
}

/** Decodes with the format module, turning its typed failures into 400 sentences. */
function decoded(value: unknown): Header {
  if (typeof value !== "string") bad('"header" must be base64url-encoded JSON.');
  try {
    return decodeHeader(value);
  } catch (thrown) {
    if (thrown instanceof UnsupportedVersionError)
      bad(`Only format version 1 and 2 headers with PBKDF2-SHA256 are accepted (${thrown.message}).`);
    if (thrown instanceof CorruptEnvelopeError)
      bad(`"header" is not a valid header (docs/FORMAT.md, section 2): ${thrown.message}.`);
    throw thrown;
  }
}
