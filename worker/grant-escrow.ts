/**
 * A download grant's escrow: the wrapped key an open delivered, sealed under a key derived from the reader's grant
 * token, so that the same reader's retry of that open is answered again. The object keeps only SHA-256 of the grant,
 * so once a note burns nobody else (the server included) can unseal it: crypto-shredding still holds.
 */
import { fromBase64Url, toBase64Url } from "../crypto/base64url";

const INFO = new TextEncoder().encode("hushnote grant escrow v1");
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** AES-256-GCM key = HKDF-SHA256(ikm = grant, salt = empty, info = "hushnote grant escrow v1"). */
async function escrowKey(grant: Uint8Array, usage: "encrypt" | "decrypt"): Promise<CryptoKey> {
  const ikm = await crypto.subtle.importKey("raw", grant, "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: INFO },
    ikm,
    { name: "AES-GCM", length: 256 },
    false,
    [usage],
  );
}

/** Seals `wrappedKey` for the holder of `grant`: base64url(random 12-byte IV ‖ AES-GCM ciphertext and tag). */
export async function sealEscrow(grant: Uint8Array, wrappedKey: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const key = await escrowKey(grant, "encrypt");
  const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, new TextEncoder().encode(wrappedKey));
  const out = new Uint8Array(IV_BYTES + sealed.byteLength);
  out.set(iv);
  out.set(new Uint8Array(sealed), IV_BYTES);
  return toBase64Url(out);
}

/** The wrapped key sealed in `escrow`, or null when `grant` is not the one it was sealed for (or it is damaged). */
export async function openEscrow(grant: Uint8Array, escrow: string): Promise<string | null> {
  const bytes = fromBase64Url(escrow);
  if (!bytes || bytes.length < IV_BYTES + TAG_BYTES) return null;
  const key = await escrowKey(grant, "decrypt");
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: bytes.subarray(0, IV_BYTES) },
      key,
      bytes.subarray(IV_BYTES),
    );
    return new TextDecoder().decode(plain);
  } catch {
    // A wrong grant fails GCM's tag check: that is the answer, not an error.
    return null;
  }
}
