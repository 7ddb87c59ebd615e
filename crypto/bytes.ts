/** Byte helpers shared by the crypto files; no secrets are kept here. */
import { fromBase64Url } from "./base64url";
import { CorruptEnvelopeError, HushnoteCryptoError } from "./errors";

/** A source of random bytes: the CSPRNG, or fixed bytes when generating test vectors. */
export type Random = (n: number) => Uint8Array;

/** The platform CSPRNG (browser, Node ≥ 20 and workerd all expose `globalThis.crypto`). */
export const systemRandom: Random = (n) => crypto.getRandomValues(new Uint8Array(n));

/** Draws exactly `n` bytes and copies them, so zeroing our copy never touches the caller's buffer. */
export function draw(random: Random, n: number): Uint8Array {
  const bytes = random(n);
  if (bytes?.length !== n)
    throw new HushnoteCryptoError(`random source returned the wrong number of bytes (wanted ${n})`);
  return new Uint8Array(bytes);
}

/** Types bytes as Web Crypto's BufferSource: TypeScript's DOM typings reject views that could be SharedArrayBuffer-backed. */
export const source = (bytes: Uint8Array) => bytes as Uint8Array<ArrayBuffer>;

/** Concatenates byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Big-endian unsigned 32-bit integer. */
export function u32be(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, false);
  return out;
}

const encoder = new TextEncoder();
// fatal: invalid UTF-8 is an error, never silently replaced by U+FFFD.
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** UTF-8 encoding of a string. */
export const utf8 = (text: string): Uint8Array<ArrayBuffer> => source(encoder.encode(text));

/** Strict UTF-8 decoding; throws CorruptEnvelopeError on invalid bytes. */
export function fromUtf8(bytes: Uint8Array, what: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new CorruptEnvelopeError(`${what} is not valid UTF-8`);
  }
}

/** Decodes base64url that must hold exactly `size` bytes; throws CorruptEnvelopeError otherwise. */
export function fromBase64UrlExact(text: unknown, size: number, what: string): Uint8Array {
  const bytes = typeof text === "string" ? fromBase64Url(text) : null;
  if (bytes?.length !== size) throw new CorruptEnvelopeError(`${what} must be ${size} bytes of base64url`);
  return bytes;
}

/** True for a string with no lone UTF-16 surrogates (those cannot be encoded as UTF-8). */
export const isWellFormed = (text: string): boolean => !/\p{Cs}/u.test(text);

/** True for a plain JSON object (not null, not an array). */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** True when `value` has exactly the keys `keys` (in any order). */
export const hasExactKeys = (value: Record<string, unknown>, keys: readonly string[]): boolean =>
  Object.keys(value).length === keys.length && keys.every((k) => Object.hasOwn(value, k));
