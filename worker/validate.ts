/** Validation at the edge: every field is checked here before KV or a Durable Object is touched. */
import { fromBase64Url } from "../crypto/base64url";
import { isUsableSlug } from "../protocol/slug";
import type { Config } from "./config";
import { looksEncrypted } from "./ciphertext-check";
import { StatusError } from "./errors";

const NOTE_ID = /^[A-Za-z0-9_-]{22}$/;
const MAX_HEADER_BYTES = 1024;
/** Readers must run the KDF; an absurd iteration count would freeze them, so it is bounded above too. */
const MAX_KDF_ITERATIONS = 10_000_000;

/** Sizes fixed by format v1 (docs/FORMAT.md). */
export const WRAPPED_KEY_BYTES = 60;
export const DIGEST_BYTES = 32;

function bad(message: string): never {
  throw new StatusError(400, message);
}

/** A note id: 16 bytes as 22 base64url characters. */
export function noteId(value: unknown): string {
  if (typeof value !== "string" || !NOTE_ID.test(value) || fromBase64Url(value)?.length !== 16) {
    bad("A note id is 16 bytes written as 22 base64url characters.");
  }
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

/** The ciphertext body: non-empty base64url within the instance's size limit (413 above it). */
export function bodyBytes(value: unknown, maxBytes: number): Uint8Array {
  if (typeof value !== "string" || value.length === 0) bad('"body" must be non-empty base64url.');
  const bytes = fromBase64Url(value);
  if (!bytes) bad('"body" must be base64url without padding.');
  if (bytes.length > maxBytes) throw new StatusError(413, `The note is larger than this instance accepts (MAX_BODY_BYTES: ${maxBytes} bytes).`);
  return bytes;
}

/** The body, which must also look like ciphertext: a client that uploads plaintext is refused, not obeyed. */
export async function ciphertextBody(value: unknown, maxBytes: number): Promise<Uint8Array> {
  const bytes = bodyBytes(value, maxBytes);
  if (!(await looksEncrypted(bytes))) {
    bad('"body" compresses like plaintext, not ciphertext. hushnote stores only data encrypted by the client.');
  }
  return bytes;
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
    bad(`"ttl" must be one of this instance's expiry choices in seconds (EXPIRY_CHOICES): ${config.expiryChoices.join(", ")}.`);
  }
  return value;
}

export interface HeaderFacts {
  kind: "note" | "pad";
  id: string;
  views: number | null;
  ttl: number | null;
  /** When set, `link` must equal it (notepads have a password only). */
  link?: boolean;
}

/** The public header: base64url UTF-8 JSON of format v1 that binds the given facts (docs/FORMAT.md). */
export function header(value: unknown, expect: HeaderFacts, config: Config): string {
  const bytes = typeof value === "string" ? fromBase64Url(value) : null;
  if (!bytes || bytes.length === 0) bad('"header" must be base64url-encoded JSON.');
  if (bytes.length > MAX_HEADER_BYTES) bad(`"header" must be at most ${MAX_HEADER_BYTES} bytes.`);
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    bad('"header" is not valid UTF-8 JSON.');
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) bad('"header" must be a JSON object.');
  const keys = Object.keys(parsed).sort().join(",");
  if (parsed.v !== 1) bad("Only format version 1 headers are accepted.");
  if (keys !== "id,kdf,kind,link,ttl,v,views") bad('"header" must have exactly the fields v, kind, id, kdf, link, views and ttl.');
  if (parsed.kind !== expect.kind) bad(`"header.kind" must be "${expect.kind}".`);
  if (parsed.id !== expect.id) bad('"header.id" must equal the id it is stored under.');
  if (parsed.views !== expect.views) bad('"header.views" must equal "views".');
  if (parsed.ttl !== expect.ttl) bad('"header.ttl" must equal "ttl".');
  if (typeof parsed.link !== "boolean") bad('"header.link" must be true or false.');
  if (expect.link !== undefined && parsed.link !== expect.link) bad(`"header.link" must be ${expect.link} here.`);
  if (parsed.kdf !== null) kdf(parsed.kdf, config);
  if (!parsed.link && parsed.kdf === null) bad("A note needs a link key, a password, or both.");
  if (config.passwordRequired && parsed.kdf === null) bad("This instance requires a password on every note (PASSWORD_REQUIRED).");
  return value as string;
}

function kdf(value: unknown, config: Config): void {
  const k = value as Record<string, unknown>;
  if (typeof k !== "object" || k === null || Object.keys(k).sort().join(",") !== "iterations,name,salt") {
    bad('"header.kdf" must be null or {name, iterations, salt}.');
  }
  if (k.name !== "PBKDF2-SHA256") bad('"header.kdf.name" must be "PBKDF2-SHA256".');
  const n = k.iterations;
  if (!Number.isSafeInteger(n) || (n as number) < config.minKdfIterations || (n as number) > MAX_KDF_ITERATIONS) {
    bad(`"header.kdf.iterations" must be an integer from ${config.minKdfIterations} (MIN_KDF_ITERATIONS) to ${MAX_KDF_ITERATIONS}.`);
  }
  exactBytes(k.salt, 16, "header.kdf.salt");
}
