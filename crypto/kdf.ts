/** Password stretching and the HKDF split of the note's secrets into KEK, authKey and (v2) commitment and linkAuth. */
import { concat, isWellFormed, source, utf8 } from "./bytes";
import { COMMIT_SIZE, type FormatVersion, KEY_SIZE, MAX_ITERATIONS, SALT_SIZE } from "./constants";
import { HushnoteCryptoError } from "./errors";
import type { Header } from "./header";

/** What an HKDF output is for; each purpose has its own info string, so no output says anything about another. */
export type Purpose = "kek" | "auth" | "commit" | "link";

/** HKDF salt of format `v`: a fixed domain-separation string (the secrets themselves are already uniformly random). */
export const hkdfSalt = (v: FormatVersion) => `hushnote/v${v}/hkdf`;
/** HKDF info "hushnote/v<v>/<purpose>/<kind>/<id>": binds every derived value to one version, note or notepad. */
export const hkdfInfo = (v: FormatVersion, purpose: Purpose, kind: string, id: string) =>
  `hushnote/v${v}/${purpose}/${kind}/${id}`;

/** PBKDF2-HMAC-SHA256 over the NFC-normalised UTF-8 password → 32 bytes; pure, so it runs inside a Web Worker. */
export async function stretchPassword(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  if (typeof password !== "string" || password.length === 0)
    throw new HushnoteCryptoError("password must be a non-empty string");
  // A lone surrogate would be replaced by U+FFFD, so two different passwords would stretch to the same key.
  if (!isWellFormed(password)) throw new HushnoteCryptoError("password contains an unpaired UTF-16 surrogate");
  if (salt?.length !== SALT_SIZE) throw new HushnoteCryptoError(`salt must be ${SALT_SIZE} bytes`);
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) {
    throw new HushnoteCryptoError(`iterations must be an integer from 1 to ${MAX_ITERATIONS}`);
  }
  // NFC so that "é" typed as one code point or as e + combining accent is the same password on every device.
  const key = await crypto.subtle.importKey("raw", utf8(password.normalize("NFC")), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: source(salt), iterations },
    key,
    KEY_SIZE * 8,
  );
  return new Uint8Array(bits);
}

/**
 * The keys derived from a note's secrets. `commit` (v2) is the key commitment stored in front of the wrapped key;
 * `linkAuth` (v2, only with a link key) proves to the server that a reader holds the link key.
 */
export interface DerivedKeys {
  kek: CryptoKey;
  authKey: Uint8Array;
  commit: Uint8Array | null;
  linkAuth: Uint8Array | null;
}

const hkdfParams = (v: FormatVersion, purpose: Purpose, header: Header) => ({
  name: "HKDF",
  hash: "SHA-256",
  salt: utf8(hkdfSalt(v)),
  info: utf8(hkdfInfo(v, purpose, header.kind, header.id)),
});

/** Imports HKDF input keying material (non-extractable) and zeroes the caller's copy. */
async function hkdfBase(ikm: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  try {
    return await crypto.subtle.importKey("raw", ikm, "HKDF", false, ["deriveKey", "deriveBits"]);
  } finally {
    ikm.fill(0);
  }
}

const bits = async (v: FormatVersion, purpose: Purpose, header: Header, base: CryptoKey, size: number) =>
  new Uint8Array(await crypto.subtle.deriveBits(hkdfParams(v, purpose, header), base, size * 8));

/** IKM = linkKey ‖ stretched (whichever present) → HKDF-SHA256 → non-extractable AES-256-GCM KEK, authKey, commit, linkAuth. */
export async function deriveKeys(
  header: Header,
  linkKey: Uint8Array | null,
  stretched: Uint8Array | null,
): Promise<DerivedKeys> {
  const v = header.v;
  const base = await hkdfBase(concat(...(linkKey ? [linkKey] : []), ...(stretched ? [stretched] : [])));
  const kek = await crypto.subtle.deriveKey(
    hkdfParams(v, "kek", header),
    base,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
  const authKey = await bits(v, "auth", header, base, KEY_SIZE);
  if (v === 1) return { kek, authKey, commit: null, linkAuth: null };
  const commit = await bits(v, "commit", header, base, COMMIT_SIZE);
  // From K alone: the server can check that a caller holds the link key without learning anything about the password.
  const linkAuth = linkKey ? await bits(v, "link", header, await hkdfBase(concat(linkKey)), KEY_SIZE) : null;
  return { kek, authKey, commit, linkAuth };
}

/** SHA-256 of bytes. */
export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", source(bytes)));
}
