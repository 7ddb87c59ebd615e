/** Password stretching and the HKDF split of the note's secrets into KEK and authKey. */
import { concat, isWellFormed, source, utf8 } from "./bytes";
import { KEY_SIZE, MAX_ITERATIONS, SALT_SIZE } from "./constants";
import { HushnoteCryptoError } from "./errors";
import type { Header } from "./header";

/** HKDF salt: a fixed domain-separation string (the secrets themselves are already uniformly random). */
export const HKDF_SALT = "hushnote/v1/hkdf";
/** HKDF info for the key-encryption key; `kind` and `id` bind it to one note or notepad. */
export const kekInfo = (kind: string, id: string) => `hushnote/v1/kek/${kind}/${id}`;
/** HKDF info for the authentication key whose SHA-256 the server stores as the verifier. */
export const authInfo = (kind: string, id: string) => `hushnote/v1/auth/${kind}/${id}`;

/** PBKDF2-HMAC-SHA256 over the NFC-normalised UTF-8 password → 32 bytes; pure, so it runs inside a Web Worker. */
export async function stretchPassword(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  if (typeof password !== "string" || password.length === 0) throw new HushnoteCryptoError("password must be a non-empty string");
  // A lone surrogate would be replaced by U+FFFD, so two different passwords would stretch to the same key.
  if (!isWellFormed(password)) throw new HushnoteCryptoError("password contains an unpaired UTF-16 surrogate");
  if (salt?.length !== SALT_SIZE) throw new HushnoteCryptoError(`salt must be ${SALT_SIZE} bytes`);
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) {
    throw new HushnoteCryptoError(`iterations must be an integer from 1 to ${MAX_ITERATIONS}`);
  }
  // NFC so that "é" typed as one code point or as e + combining accent is the same password on every device.
  const key = await crypto.subtle.importKey("raw", utf8(password.normalize("NFC")), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: source(salt), iterations }, key, KEY_SIZE * 8);
  return new Uint8Array(bits);
}

/** The two keys derived from a note's secrets. */
export interface DerivedKeys { kek: CryptoKey; authKey: Uint8Array }

/** IKM = linkKey ‖ stretched (whichever present) → HKDF-SHA256 → non-extractable AES-256-GCM KEK and 32-byte authKey. */
export async function deriveKeys(header: Header, linkKey: Uint8Array | null, stretched: Uint8Array | null): Promise<DerivedKeys> {
  const ikm = concat(...(linkKey ? [linkKey] : []), ...(stretched ? [stretched] : []));
  const base = await crypto.subtle.importKey("raw", ikm, "HKDF", false, ["deriveKey", "deriveBits"]);
  ikm.fill(0);
  const params = (info: string) => ({ name: "HKDF", hash: "SHA-256", salt: utf8(HKDF_SALT), info: utf8(info) });
  const kek = await crypto.subtle.deriveKey(
    params(kekInfo(header.kind, header.id)), base, { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"],
  );
  const authKey = new Uint8Array(await crypto.subtle.deriveBits(params(authInfo(header.kind, header.id)), base, KEY_SIZE * 8));
  return { kek, authKey };
}

/** SHA-256 of bytes. */
export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", source(bytes)));
}
