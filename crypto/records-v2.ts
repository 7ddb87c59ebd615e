/**
 * The v2 body: u32be(bodyVersion) ‖ bodySalt (32 random bytes) ‖ records under a subkey fresh for every body,
 * BK = HKDF-SHA256(DEK, bodySalt, "hushnote/v2/body/<kind>/<id>/<bodyVersion>") (docs/FORMAT.md §5.2).
 */
import { concat, source, u32be, utf8 } from "./bytes";
import { BODY_SALT_SIZE, MAX_BODY_VERSION } from "./constants";
import { CorruptEnvelopeError, HushnoteCryptoError } from "./errors";
import { type BodyCipher, openRecords, type RecordLayout, sealRecords } from "./record-stream";

/** Which note or notepad a body belongs to; both are bound into the subkey and every record. */
export interface BodyOwner {
  kind: "note" | "pad";
  id: string;
}

const V2 = 2;
const HEAD_SIZE = 4 + BODY_SALT_SIZE;
// BK is new for every body, so a counter alone is a unique nonce: no random prefix and no per-DEK nonce budget.
const ZERO_PREFIX = new Uint8Array(8);

/** HKDF info of a body subkey; the decimal body version makes a save for one version useless at another. */
export const bodyInfo = (owner: BodyOwner, bodyVersion: number) =>
  `hushnote/v2/body/${owner.kind}/${owner.id}/${bodyVersion}`;

/** AAD of v2 record `index`: 0x02 ‖ id length byte ‖ UTF-8 id ‖ u32be(bodyVersion) ‖ u32be(index) ‖ final flag byte. */
export function recordAadV2(id: string, bodyVersion: number, index: number, final: boolean): Uint8Array {
  const idBytes = utf8(id);
  return concat(
    Uint8Array.of(V2, idBytes.length),
    idBytes,
    u32be(bodyVersion),
    u32be(index),
    Uint8Array.of(final ? 1 : 0),
  );
}

/** Nonce of v2 record `index`: eight zero bytes ‖ u32be(index). */
export const recordNonceV2 = (index: number): Uint8Array => concat(ZERO_PREFIX, u32be(index));

/** A note's body is written once (version 0); a notepad's carries the pad version the save creates (1, 2, …). */
export function bodyVersionProblem(owner: BodyOwner, bodyVersion: unknown): string | null {
  if (!Number.isSafeInteger(bodyVersion) || (bodyVersion as number) < 0 || (bodyVersion as number) > MAX_BODY_VERSION) {
    return "body version must be an integer from 0 to 2^32 - 1";
  }
  if (owner.kind === "note" && bodyVersion !== 0) return "a note's body version is always 0";
  return null;
}

/** Derives the non-extractable AES-256-GCM subkey of one body from the DEK (imported as an HKDF key). */
async function bodyKey(
  dek: CryptoKey,
  owner: BodyOwner,
  bodyVersion: number,
  bodySalt: Uint8Array,
): Promise<CryptoKey> {
  const params = { name: "HKDF", hash: "SHA-256", salt: source(bodySalt), info: utf8(bodyInfo(owner, bodyVersion)) };
  return crypto.subtle.deriveKey(params, dek, { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
}

const layout = (owner: BodyOwner, bodyVersion: number): RecordLayout => ({
  headSize: HEAD_SIZE,
  nonce: recordNonceV2,
  aad: (i, final) => recordAadV2(owner.id, bodyVersion, i, final),
});

/** The cipher of a new v2 body for `bodyVersion`, under a subkey from `bodySalt` (32 fresh random bytes). */
export async function writerCipherV2(
  dek: CryptoKey,
  owner: BodyOwner,
  bodyVersion: number,
  bodySalt: Uint8Array,
): Promise<BodyCipher> {
  const problem = bodyVersionProblem(owner, bodyVersion);
  if (problem) throw new HushnoteCryptoError(problem);
  if (bodySalt.length !== BODY_SALT_SIZE) throw new HushnoteCryptoError(`body salt must be ${BODY_SALT_SIZE} bytes`);
  const key = await bodyKey(dek, owner, bodyVersion, bodySalt);
  return { key, head: concat(u32be(bodyVersion), bodySalt), layout: layout(owner, bodyVersion), bodyVersion };
}

/** The cipher of a v2 body read from its 36-byte head; the version it names is checked here and authenticated by every record. */
export async function readerCipherV2(dek: CryptoKey, owner: BodyOwner, head: Uint8Array): Promise<BodyCipher> {
  if (head.length !== HEAD_SIZE) throw new CorruptEnvelopeError("body is too short");
  const bodyVersion = new DataView(head.buffer, head.byteOffset, 4).getUint32(0, false);
  const problem = bodyVersionProblem(owner, bodyVersion);
  if (problem) throw new CorruptEnvelopeError(problem);
  const key = await bodyKey(dek, owner, bodyVersion, head.subarray(4, HEAD_SIZE));
  return { key, head, layout: layout(owner, bodyVersion), bodyVersion };
}

/** Encrypts `plaintext` into a v2 body for `bodyVersion` under a subkey from `bodySalt` (32 fresh random bytes). */
export async function encryptBodyV2(
  dek: CryptoKey,
  owner: BodyOwner,
  bodyVersion: number,
  plaintext: Uint8Array,
  bodySalt: Uint8Array,
): Promise<Uint8Array> {
  const cipher = await writerCipherV2(dek, owner, bodyVersion, bodySalt);
  return sealRecords(cipher.key, cipher.head, plaintext, cipher.layout);
}

/** Decrypts a v2 body and returns its version, which the subkey and every record's AAD have authenticated. */
export async function decryptBodyV2(
  dek: CryptoKey,
  owner: BodyOwner,
  body: Uint8Array,
): Promise<{ plaintext: Uint8Array; bodyVersion: number }> {
  if (!(body instanceof Uint8Array) || body.length < HEAD_SIZE) throw new CorruptEnvelopeError("body is too short");
  const cipher = await readerCipherV2(dek, owner, body.subarray(0, HEAD_SIZE));
  return { plaintext: await openRecords(cipher.key, body, cipher.layout), bodyVersion: cipher.bodyVersion as number };
}
