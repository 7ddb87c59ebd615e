/** The public header: canonical UTF-8 JSON, carried as base64url, authenticated as the wrapped key's AAD. */
import { fromBase64Url, toBase64Url } from "./base64url";
import { fromUtf8, hasExactKeys, isObject, utf8 } from "./bytes";
import { type FormatVersion, KDF_NAME, NOTE_ID_SIZE, READ_VERSIONS, SALT_SIZE } from "./constants";
import { CorruptEnvelopeError, HushnoteCryptoError, UnsupportedVersionError } from "./errors";
import { isReadableVersion } from "./header-v2";
import { isPadSlug } from "./slug";

export { isPadSlug };

/** Public password-stretching parameters. */
export interface KdfParams {
  name: "PBKDF2-SHA256";
  iterations: number;
  salt: string;
}
/** What a note or notepad is and which secrets open it; public, but authenticated. */
export interface Header {
  /** Format version: 1, or 2 (same JSON, v2 rules for salt, KDF floor, wrapped key and body). */
  v: FormatVersion;
  kind: "note" | "pad";
  id: string;
  kdf: KdfParams | null;
  link: boolean;
  views: number | null;
  ttl: number | null;
}

const HEADER_KEYS = ["v", "kind", "id", "kdf", "link", "views", "ttl"] as const;
const KDF_KEYS = ["name", "iterations", "salt"] as const;
// A canonical header is under 250 characters; the cap stops a hostile value from costing real work.
const MAX_HEADER_CHARS = 1024;
// PBKDF2's block counter and Web Crypto both take a 32-bit iteration count.
const MAX_U32 = 0xffff_ffff;

/** True for a note id: 16 bytes as 22 canonical base64url characters. */
export const isNoteId = (id: unknown): id is string =>
  typeof id === "string" && id.length === 22 && fromBase64Url(id)?.length === NOTE_ID_SIZE;

const isCount = (n: unknown): boolean => n === null || (Number.isSafeInteger(n) && (n as number) >= 1);

/** Describes what is wrong with a would-be header, or returns null when it is valid. */
function problemWith(h: Record<string, unknown>): string | null {
  if (!hasExactKeys(h, HEADER_KEYS)) return `header must have exactly the keys ${HEADER_KEYS.join(", ")}`;
  if (!isReadableVersion(h.v)) return `header version must be one of ${READ_VERSIONS.join(", ")}`;
  if (h.kind !== "note" && h.kind !== "pad") return "header kind must be note or pad";
  if (h.kind === "note" ? !isNoteId(h.id) : !isPadSlug(h.id)) return `header id is not a valid ${h.kind} id`;
  if (typeof h.link !== "boolean") return "header link must be a boolean";
  if (!isCount(h.views) || !isCount(h.ttl)) return "header views and ttl must be positive integers or null";
  const kdf = h.kdf;
  if (kdf !== null) {
    if (!isObject(kdf) || !hasExactKeys(kdf, KDF_KEYS))
      return `header kdf must be null or have exactly ${KDF_KEYS.join(", ")}`;
    if (kdf.name !== KDF_NAME) return `header kdf name must be ${KDF_NAME}`;
    const it = kdf.iterations;
    if (!Number.isSafeInteger(it) || (it as number) < 1 || (it as number) > MAX_U32)
      return "header kdf iterations must be a positive 32-bit integer";
    if (typeof kdf.salt !== "string" || fromBase64Url(kdf.salt)?.length !== SALT_SIZE)
      return "header kdf salt must be 16 bytes of base64url";
  }
  if (!h.link && kdf === null) return "header must require a link key, a password or both";
  if (h.kind === "pad" && h.link) return "a notepad is opened by its password alone, never a link key";
  return null;
}

/** Serialises the header in canonical key order; the JSON is fully determined by the values. */
function canonicalJson(h: Header): string {
  const kdf = h.kdf && { name: h.kdf.name, iterations: h.kdf.iterations, salt: h.kdf.salt };
  return JSON.stringify({ v: h.v, kind: h.kind, id: h.id, kdf, link: h.link, views: h.views, ttl: h.ttl });
}

/** Encodes a header as base64url of its canonical UTF-8 JSON (these exact bytes are the wrapped key's AAD). */
export function encodeHeader(h: Header): string {
  const problem = isObject(h) ? problemWith(h as unknown as Record<string, unknown>) : "header must be an object";
  if (problem) throw new HushnoteCryptoError(problem);
  return toBase64Url(utf8(canonicalJson(h)));
}

/** Decodes and validates a header; refuses other versions and KDFs, and anything not in canonical form. */
export function decodeHeader(b64: string): Header {
  if (typeof b64 !== "string" || b64.length > MAX_HEADER_CHARS)
    throw new CorruptEnvelopeError("header is missing or too long");
  const bytes = fromBase64Url(b64);
  if (!bytes) throw new CorruptEnvelopeError("header is not base64url");
  let value: unknown;
  try {
    value = JSON.parse(fromUtf8(bytes, "header"));
  } catch {
    throw new CorruptEnvelopeError("header is not UTF-8 JSON");
  }
  if (!isObject(value)) throw new CorruptEnvelopeError("header is not a JSON object");
  // Version first: a newer header may differ in every other field and deserves "update your client", not "corrupt".
  if (typeof value.v === "number" && !isReadableVersion(value.v)) {
    throw new UnsupportedVersionError(
      `format version ${value.v} is not supported by this client (it reads versions ${READ_VERSIONS.join(" and ")})`,
    );
  }
  if (isObject(value.kdf) && typeof value.kdf.name === "string" && value.kdf.name !== KDF_NAME) {
    throw new UnsupportedVersionError(`key-derivation function ${value.kdf.name} is not supported by this client`);
  }
  const problem = problemWith(value);
  if (problem) throw new CorruptEnvelopeError(problem);
  const header = value as unknown as Header;
  // One header, one spelling: the bytes are AAD, and the server can compare and validate them cheaply.
  if (toBase64Url(utf8(canonicalJson(header))) !== b64)
    throw new CorruptEnvelopeError("header is not in canonical form");
  return header;
}

/** The header's bytes as used for AAD. */
export function headerBytes(b64: string): Uint8Array {
  const bytes = fromBase64Url(b64);
  if (!bytes) throw new CorruptEnvelopeError("header is not base64url");
  return bytes;
}
