/** The body of either format: which layout (records.ts or records-v2.ts) and how the DEK is imported follow the header's `v`. */
import { draw, type Random, source } from "./bytes";
import { BODY_SALT_SIZE, NONCE_PREFIX_SIZE } from "./constants";
import { RollbackError } from "./errors";
import type { Header } from "./header";
import type { BodyCipher } from "./record-stream";
import { cipherV1, decryptRecords, encryptRecords } from "./records";
import { decryptBodyV2, encryptBodyV2, readerCipherV2, writerCipherV2 } from "./records-v2";

/**
 * Imports DEK bytes as a non-extractable key and zeroes the bytes: v1 encrypts records with the DEK itself (AES-GCM);
 * v2 only ever derives per-body subkeys from it (HKDF), so one DEK is never used both ways.
 */
export async function importDek(bytes: Uint8Array, header: Header): Promise<CryptoKey> {
  try {
    return header.v === 1
      ? await crypto.subtle.importKey("raw", source(bytes), { name: "AES-GCM" }, false, ["encrypt", "decrypt"])
      : await crypto.subtle.importKey("raw", source(bytes), "HKDF", false, ["deriveKey"]);
  } finally {
    bytes.fill(0);
  }
}

/** Encrypts a payload's bytes for `header`; v2 binds `bodyVersion` (ignored by v1, whose bodies carry none). Draws: v1 nonce prefix, v2 body salt. */
export async function encryptBody(
  dek: CryptoKey,
  header: Header,
  plaintext: Uint8Array,
  bodyVersion: number,
  random: Random,
): Promise<Uint8Array> {
  if (header.v === 1) return encryptRecords(dek, header.id, plaintext, draw(random, NONCE_PREFIX_SIZE));
  return encryptBodyV2(dek, header, bodyVersion, plaintext, draw(random, BODY_SALT_SIZE));
}

/** Decrypts a body of `header`'s version; `bodyVersion` is null for v1 bodies. */
export async function decryptBody(
  dek: CryptoKey,
  header: Header,
  body: Uint8Array,
): Promise<{ plaintext: Uint8Array; bodyVersion: number | null }> {
  if (header.v === 1) return { plaintext: await decryptRecords(dek, header.id, body), bodyVersion: null };
  return decryptBodyV2(dek, header, body);
}

/** The cipher of a new body for `header`, for streaming; draws exactly what encryptBody draws (v1 prefix, v2 salt). */
export async function writerCipher(
  dek: CryptoKey,
  header: Header,
  bodyVersion: number,
  random: Random,
): Promise<BodyCipher> {
  if (header.v === 1) return cipherV1(dek, header.id, draw(random, NONCE_PREFIX_SIZE));
  return writerCipherV2(dek, header, bodyVersion, draw(random, BODY_SALT_SIZE));
}

/** The cipher of a body of `header`'s version, from its head (headSize(v) bytes, the caller reads exactly that). */
export async function readerCipher(dek: CryptoKey, header: Header, head: Uint8Array): Promise<BodyCipher> {
  if (header.v === 1) return cipherV1(dek, header.id, head);
  return readerCipherV2(dek, header, head);
}

/** Throws RollbackError for a body older than `minBodyVersion`, the highest this client has seen at the address. */
export function checkRollback(bodyVersion: number | null, minBodyVersion: number | undefined): void {
  const min = minBodyVersion;
  // A v1 body has no version, so once a v2 body was seen at this address a v1 one is a downgrade as well.
  if (min !== undefined && min > 0 && (bodyVersion === null || bodyVersion < min)) {
    throw new RollbackError(
      `the server sent body version ${bodyVersion ?? "v1 (none)"}, older than version ${min} seen here before`,
    );
  }
}
