/** The wrapped data key: v1 = IV ‖ AES-GCM(KEK, DEK); v2 = commitment ‖ IV ‖ AES-GCM(KEK, DEK); AAD = header bytes. */
import { toBase64Url } from "./base64url";
import { concat, fromBase64UrlExact, source } from "./bytes";
import { COMMIT_SIZE, IV_SIZE, WRAPPED_KEY_SIZE, WRAPPED_KEY_SIZE_V2 } from "./constants";
import { HushnoteCryptoError, WrongKeyError } from "./errors";
import { type Header, headerBytes } from "./header";

/** Whoever holds a header's derived keys: a writer after `protect`, a reader after `unlock`. */
export interface KeyHolder {
  header: Header;
  headerB64: string;
  kek: CryptoKey;
  commit: Uint8Array | null;
}

/** Byte length of a wrapped key in the holder's format version. */
export const wrappedKeySize = (h: Header) => (h.v === 1 ? WRAPPED_KEY_SIZE : WRAPPED_KEY_SIZE_V2);

/** Compares two byte strings in time that depends only on their length, so a forger learns nothing from timing. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

const gcm = (iv: Uint8Array, headerB64: string) => ({
  name: "AES-GCM",
  iv: source(iv),
  additionalData: source(headerBytes(headerB64)),
  tagLength: 128,
});

/** Wraps raw DEK bytes under the holder's KEK with a fresh IV, the header bytes as AAD, and (v2) the commitment in front. */
export async function wrapDek(holder: KeyHolder, dek: Uint8Array, iv: Uint8Array): Promise<string> {
  if (iv.length !== IV_SIZE) throw new HushnoteCryptoError(`wrap IV must be ${IV_SIZE} bytes`);
  const sealed = new Uint8Array(await crypto.subtle.encrypt(gcm(iv, holder.headerB64), holder.kek, source(dek)));
  if (holder.header.v === 1) return toBase64Url(concat(iv, sealed));
  if (holder.commit?.length !== COMMIT_SIZE) throw new HushnoteCryptoError("a v2 wrapped key needs its key commitment");
  return toBase64Url(concat(holder.commit, iv, sealed));
}

/** Opens a wrapped key to the raw DEK bytes; the caller must zero them after use. */
export async function unwrapDekBytes(holder: KeyHolder, wrappedKey: string): Promise<Uint8Array> {
  const wrapped = fromBase64UrlExact(wrappedKey, wrappedKeySize(holder.header), "wrappedKey");
  let rest = wrapped;
  if (holder.header.v !== 1) {
    // The commitment is checked before AES-GCM runs: GCM alone would accept a wrapped key crafted to open under two keys.
    if (!holder.commit || !constantTimeEqual(wrapped.subarray(0, COMMIT_SIZE), holder.commit)) {
      throw new WrongKeyError(
        "the link key or password is wrong (the key commitment does not match), or the wrapped key was altered",
      );
    }
    rest = wrapped.subarray(COMMIT_SIZE);
  }
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt(
        gcm(rest.subarray(0, IV_SIZE), holder.headerB64),
        holder.kek,
        source(rest.subarray(IV_SIZE)),
      ),
    );
  } catch {
    // GCM cannot tell a wrong key from an altered header or wrappedKey; after the server accepted our proof it means tampering.
    throw new WrongKeyError("the link key or password is wrong, or the header or wrapped key was altered");
  }
}
