/** Envelope encryption: secrets → KEK wraps a random DEK; DEK encrypts the body. */
import { toBase64Url } from "./base64url";
import { draw, fromBase64UrlExact, source, systemRandom, type Random } from "./bytes";
import { DEFAULT_ITERATIONS, IV_SIZE, KEY_SIZE, MAX_ITERATIONS, MIN_ITERATIONS, SALT_SIZE, WRAPPED_KEY_SIZE } from "./constants";
import { HushnoteCryptoError, UnsupportedVersionError, WrongKeyError } from "./errors";
import { encodeHeader, headerBytes, type Header } from "./header";
import { deriveKeys, sha256, stretchPassword } from "./kdf";

/** Key material a caller holds; `stretched` is PBKDF2 output computed elsewhere (a Web Worker), used instead of `password`. */
export interface Secrets { linkKey?: Uint8Array | null; password?: string | null; stretched?: Uint8Array | null }

/** New secrets and KDF settings. `salt` must accompany `stretched`; `minIterations` is a test-only lower floor. */
export interface ProtectOptions extends Secrets {
  iterations?: number;
  salt?: Uint8Array;
  minIterations?: number;
  /** Deterministic randomness, for generating test vectors only. */
  random?: Random;
}

/** A freshly protected header with its derived keys. */
export interface Protected { header: Header; headerB64: string; kek: CryptoKey; authKey: Uint8Array; linkKey: Uint8Array | null }

/** Throws unless `iterations` is within [floor, MAX_ITERATIONS]. */
export function checkIterations(iterations: number, floor: number, Failure: typeof HushnoteCryptoError): void {
  if (!Number.isSafeInteger(iterations) || iterations < floor || iterations > MAX_ITERATIONS) {
    throw new Failure(`PBKDF2 iterations must be between ${floor} and ${MAX_ITERATIONS} (got ${iterations})`);
  }
}

const isKey = (k: Uint8Array | null | undefined, size: number) => k instanceof Uint8Array && k.length === size;

/** Builds a header for `base` plus `secrets` and derives its keys. Draws: link key (if generated), then salt. */
export async function protect(base: Pick<Header, "kind" | "id" | "views" | "ttl">, secrets: ProtectOptions, generateLink: boolean): Promise<Protected> {
  const random = secrets.random ?? systemRandom;
  const linkKey = secrets.linkKey === undefined ? (generateLink ? draw(random, KEY_SIZE) : null) : secrets.linkKey;
  if (linkKey !== null && !isKey(linkKey, KEY_SIZE)) throw new HushnoteCryptoError(`link key must be ${KEY_SIZE} bytes`);
  if (secrets.password === "") throw new HushnoteCryptoError("password must not be empty (pass null for no password)");
  const stretchedGiven = secrets.stretched != null;
  if (stretchedGiven && !isKey(secrets.stretched, KEY_SIZE)) throw new HushnoteCryptoError(`stretched password must be ${KEY_SIZE} bytes`);
  if (stretchedGiven && !isKey(secrets.salt, SALT_SIZE)) throw new HushnoteCryptoError("a stretched password needs the 16-byte salt it was computed with");
  let stretched: Uint8Array | null = null;
  let kdf: Header["kdf"] = null;
  if (stretchedGiven || secrets.password != null) {
    const iterations = secrets.iterations ?? DEFAULT_ITERATIONS;
    checkIterations(iterations, secrets.minIterations ?? MIN_ITERATIONS, HushnoteCryptoError);
    const salt = secrets.salt ?? draw(random, SALT_SIZE);
    if (!isKey(salt, SALT_SIZE)) throw new HushnoteCryptoError(`salt must be ${SALT_SIZE} bytes`);
    stretched = secrets.stretched ?? (await stretchPassword(secrets.password as string, salt, iterations));
    kdf = { name: "PBKDF2-SHA256", iterations, salt: toBase64Url(salt) };
  }
  if (!linkKey && !stretched) throw new HushnoteCryptoError("a note needs a link key, a password or both");
  const header: Header = { v: 1, kind: base.kind, id: base.id, kdf, link: linkKey !== null, views: base.views, ttl: base.ttl };
  const headerB64 = encodeHeader(header);
  const { kek, authKey } = await deriveKeys(header, linkKey, stretched);
  return { header, headerB64, kek, authKey, linkKey };
}

/** Header fields the reader's secrets must satisfy before any key is derived. */
export async function readerKeys(header: Header, secrets: Secrets, minIterations: number): Promise<{ kek: CryptoKey; authKey: Uint8Array }> {
  if (header.kdf) checkIterations(header.kdf.iterations, minIterations, UnsupportedVersionError);
  let linkKey: Uint8Array | null = null;
  if (header.link) {
    if (!secrets.linkKey) throw new WrongKeyError("this note needs the key from its link");
    if (!isKey(secrets.linkKey, KEY_SIZE)) throw new WrongKeyError("the link key is incomplete or malformed");
    linkKey = secrets.linkKey;
  }
  let stretched: Uint8Array | null = null;
  if (header.kdf) {
    if (secrets.stretched != null) {
      if (!isKey(secrets.stretched, KEY_SIZE)) throw new HushnoteCryptoError(`stretched password must be ${KEY_SIZE} bytes`);
      stretched = secrets.stretched;
    } else if (secrets.password) {
      const salt = fromBase64UrlExact(header.kdf.salt, SALT_SIZE, "kdf salt");
      stretched = await stretchPassword(secrets.password, salt, header.kdf.iterations);
    } else {
      throw new WrongKeyError("this note needs its password");
    }
  }
  // Secrets the header does not ask for (a stray link fragment on a password-only note) are ignored.
  return deriveKeys(header, linkKey, stretched);
}

/** wrappedKey = IV ‖ AES-256-GCM(KEK, IV, DEK, AAD = header bytes). */
export async function wrapDek(kek: CryptoKey, dek: Uint8Array, headerB64: string, iv: Uint8Array): Promise<string> {
  const params = { name: "AES-GCM", iv: source(iv), additionalData: source(headerBytes(headerB64)), tagLength: 128 };
  const sealed = await crypto.subtle.encrypt(params, kek, source(dek));
  const out = new Uint8Array(WRAPPED_KEY_SIZE);
  out.set(iv);
  out.set(new Uint8Array(sealed), IV_SIZE);
  return toBase64Url(out);
}

/** Opens a wrapped key to the raw DEK bytes; the caller must zero them after use. */
export async function unwrapDekBytes(kek: CryptoKey, wrappedKey: string, headerB64: string): Promise<Uint8Array> {
  const wrapped = fromBase64UrlExact(wrappedKey, WRAPPED_KEY_SIZE, "wrappedKey");
  const params = { name: "AES-GCM", iv: source(wrapped.subarray(0, IV_SIZE)), additionalData: source(headerBytes(headerB64)), tagLength: 128 };
  try {
    return new Uint8Array(await crypto.subtle.decrypt(params, kek, source(wrapped.subarray(IV_SIZE))));
  } catch {
    // GCM cannot tell a wrong key from an altered header or wrappedKey; after the server accepted our proof it means tampering.
    throw new WrongKeyError("the link key or password is wrong, or the header or wrapped key was altered");
  }
}

/** Imports DEK bytes as a non-extractable AES-256-GCM key and zeroes the bytes. */
export async function importDek(bytes: Uint8Array): Promise<CryptoKey> {
  try {
    return await crypto.subtle.importKey("raw", source(bytes), { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
  } finally {
    bytes.fill(0);
  }
}

/** Opens a wrapped key to a non-extractable DEK. */
export async function unwrapDek(kek: CryptoKey, wrappedKey: string, headerB64: string): Promise<CryptoKey> {
  return importDek(await unwrapDekBytes(kek, wrappedKey, headerB64));
}

/** The verifier the server stores and the proof a reader sends, both base64url. */
export async function proofPair(authKey: Uint8Array): Promise<{ verifier: string; proof: string }> {
  return { verifier: toBase64Url(await sha256(authKey)), proof: toBase64Url(authKey) };
}
