/** The body: plaintext encrypted under the DEK in 64 KiB AES-256-GCM records with a STREAM-style nonce and AAD. */
import { concat, source, u32be, utf8 } from "./bytes";
import { FORMAT_VERSION, NONCE_PREFIX_SIZE, RECORD_SIZE, TAG_SIZE } from "./constants";
import { CorruptEnvelopeError, HushnoteCryptoError } from "./errors";

const SEALED_RECORD = RECORD_SIZE + TAG_SIZE;
// A 32-bit counter in the nonce: more records than this would repeat a nonce.
const MAX_RECORDS = 0x1_0000_0000;
// Records in flight at once: Web Crypto is asynchronous, so a few overlap on the platform's threads.
const PARALLEL = 8;

/** AAD of record `index`: version byte ‖ id length byte ‖ UTF-8 id ‖ u32be(index) ‖ final flag byte. */
export function recordAad(id: string, index: number, final: boolean): Uint8Array {
  const idBytes = utf8(id);
  return concat(Uint8Array.of(FORMAT_VERSION, idBytes.length), idBytes, u32be(index), Uint8Array.of(final ? 1 : 0));
}

/** Nonce of record `index`: the body's 8-byte random prefix ‖ u32be(index). */
export function recordNonce(prefix: Uint8Array, index: number): Uint8Array {
  return concat(prefix, u32be(index));
}

/** Runs `task(i)` for every i in [0, count), a few at a time. */
async function forEachRecord(count: number, task: (i: number) => Promise<void>): Promise<void> {
  for (let start = 0; start < count; start += PARALLEL) {
    const batch: Promise<void>[] = [];
    for (let i = start; i < Math.min(count, start + PARALLEL); i++) batch.push(task(i));
    // allSettled: no record may still be writing into the buffer when a failure is reported.
    const failed = (await Promise.allSettled(batch)).find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
  }
}

/** Encrypts `plaintext` into a body: prefix ‖ record 0 ‖ … ‖ record n−1 (n = max(1, ⌈len / 64 KiB⌉)). */
export async function encryptRecords(dek: CryptoKey, id: string, plaintext: Uint8Array, prefix: Uint8Array): Promise<Uint8Array> {
  if (prefix.length !== NONCE_PREFIX_SIZE) throw new HushnoteCryptoError("nonce prefix must be 8 bytes");
  const count = Math.max(1, Math.ceil(plaintext.length / RECORD_SIZE));
  if (count > MAX_RECORDS) throw new HushnoteCryptoError("payload is too large for one body");
  const body = new Uint8Array(NONCE_PREFIX_SIZE + plaintext.length + count * TAG_SIZE);
  body.set(prefix);
  await forEachRecord(count, async (i) => {
    const chunk = plaintext.subarray(i * RECORD_SIZE, (i + 1) * RECORD_SIZE);
    const params = { name: "AES-GCM", iv: recordNonce(prefix, i), additionalData: recordAad(id, i, i === count - 1), tagLength: 128 };
    body.set(new Uint8Array(await crypto.subtle.encrypt(params, dek, source(chunk))), NONCE_PREFIX_SIZE + i * SEALED_RECORD);
  });
  return body;
}

/** Decrypts a body; every record must authenticate in place before any plaintext is returned. */
export async function decryptRecords(dek: CryptoKey, id: string, body: Uint8Array): Promise<Uint8Array> {
  if (!(body instanceof Uint8Array) || body.length < NONCE_PREFIX_SIZE + TAG_SIZE) throw new CorruptEnvelopeError("body is too short");
  const rest = body.length - NONCE_PREFIX_SIZE;
  const count = Math.ceil(rest / SEALED_RECORD);
  const last = rest - (count - 1) * SEALED_RECORD;
  // A writer never leaves a tag-only final record after full ones, nor a fragment shorter than a tag.
  if (last < TAG_SIZE || (count > 1 && last === TAG_SIZE)) throw new CorruptEnvelopeError("body has an impossible length (truncated?)");
  if (count > MAX_RECORDS) throw new CorruptEnvelopeError("body has too many records");
  const prefix = body.subarray(0, NONCE_PREFIX_SIZE);
  const plaintext = new Uint8Array(rest - count * TAG_SIZE);
  const work = forEachRecord(count, async (i) => {
    const start = NONCE_PREFIX_SIZE + i * SEALED_RECORD;
    const record = body.subarray(start, Math.min(body.length, start + SEALED_RECORD));
    const params = { name: "AES-GCM", iv: recordNonce(prefix, i), additionalData: recordAad(id, i, i === count - 1), tagLength: 128 };
    let clear: ArrayBuffer;
    try {
      clear = await crypto.subtle.decrypt(params, dek, source(record));
    } catch {
      throw new CorruptEnvelopeError(`body record ${i} does not authenticate (tampered, truncated, reordered or from another note)`);
    }
    plaintext.set(new Uint8Array(clear), i * RECORD_SIZE);
  });
  // Never leave authenticated fragments of a rejected body lying around in memory.
  await work.catch((error: unknown) => {
    plaintext.fill(0);
    throw error;
  });
  return plaintext;
}
