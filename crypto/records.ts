/** The v1 body: an 8-byte random nonce prefix, then records under the DEK itself (docs/FORMAT.md §5). */
import { concat, u32be, utf8 } from "./bytes";
import { NONCE_PREFIX_SIZE } from "./constants";
import { HushnoteCryptoError } from "./errors";
import { type BodyCipher, openRecords, type RecordLayout, sealRecords } from "./record-stream";

// The first AAD byte names the format, so a v1 record can never pass as a v2 one.
const V1 = 1;

/** AAD of v1 record `index`: 0x01 ‖ id length byte ‖ UTF-8 id ‖ u32be(index) ‖ final flag byte. */
export function recordAad(id: string, index: number, final: boolean): Uint8Array {
  const idBytes = utf8(id);
  return concat(Uint8Array.of(V1, idBytes.length), idBytes, u32be(index), Uint8Array.of(final ? 1 : 0));
}

/** Nonce of v1 record `index`: the body's 8-byte random prefix ‖ u32be(index). */
export function recordNonce(prefix: Uint8Array, index: number): Uint8Array {
  return concat(prefix, u32be(index));
}

const layout = (id: string, prefix: Uint8Array): RecordLayout => ({
  headSize: NONCE_PREFIX_SIZE,
  nonce: (i) => recordNonce(prefix, i),
  aad: (i, final) => recordAad(id, i, final),
});

/** The cipher of a v1 body: records under the DEK itself, nonces from the body's 8-byte prefix (its whole head). */
export function cipherV1(dek: CryptoKey, id: string, prefix: Uint8Array): BodyCipher {
  if (prefix.length !== NONCE_PREFIX_SIZE) throw new HushnoteCryptoError("nonce prefix must be 8 bytes");
  return { key: dek, head: prefix, layout: layout(id, prefix), bodyVersion: null };
}

/** Encrypts `plaintext` into a v1 body: prefix ‖ record 0 ‖ … ‖ record n−1. */
export async function encryptRecords(
  dek: CryptoKey,
  id: string,
  plaintext: Uint8Array,
  prefix: Uint8Array,
): Promise<Uint8Array> {
  const cipher = cipherV1(dek, id, prefix);
  return sealRecords(cipher.key, cipher.head, plaintext, cipher.layout);
}

/** Decrypts a v1 body; every record must authenticate in place before any plaintext is returned. */
export async function decryptRecords(dek: CryptoKey, id: string, body: Uint8Array): Promise<Uint8Array> {
  const prefix = body instanceof Uint8Array ? body.subarray(0, NONCE_PREFIX_SIZE) : new Uint8Array(0);
  return openRecords(dek, body, layout(id, prefix));
}
