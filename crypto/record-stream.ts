/**
 * The record engine shared by v1 and v2 bodies: a fixed-size head, then the plaintext in 64 KiB AES-256-GCM records,
 * record i sealed with a nonce and AAD that name i and whether it is the last, so truncation, reordering and splicing fail.
 */
import { source } from "./bytes";
import { RECORD_SIZE, TAG_SIZE } from "./constants";
import { CorruptEnvelopeError, HushnoteCryptoError } from "./errors";
import { MAX_RECORDS, recordsLengthProblem, SEALED_RECORD_SIZE } from "./parts";

/** How one body version lays out its records: what precedes them, and each record's nonce and AAD. */
export interface RecordLayout {
  headSize: number;
  nonce(index: number): Uint8Array;
  aad(index: number, final: boolean): Uint8Array;
}

/** Records in flight at once: Web Crypto is asynchronous, so a few overlap on the platform's threads. */
export const RECORDS_IN_FLIGHT = 8;

/** Runs `task(i)` for every i in [0, count), a few at a time. */
async function forEachRecord(count: number, task: (i: number) => Promise<void>): Promise<void> {
  for (let start = 0; start < count; start += RECORDS_IN_FLIGHT) {
    const batch: Promise<void>[] = [];
    for (let i = start; i < Math.min(count, start + RECORDS_IN_FLIGHT); i++) batch.push(task(i));
    // allSettled: no record may still be writing into the buffer when a failure is reported.
    const failed = (await Promise.allSettled(batch)).find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
  }
}

/** A body's record key, head bytes and record layout: all the engine needs, whole (here) or streamed (record-pipeline.ts). */
export interface BodyCipher {
  key: CryptoKey;
  head: Uint8Array;
  layout: RecordLayout;
  /** The v2 body version the head names and the subkey binds; null for v1 bodies, which carry none. */
  bodyVersion: number | null;
}

/** AES-GCM parameters of record `index`: its nonce, and its AAD with the final-record flag. */
export const recordParams = (layout: RecordLayout, index: number, final: boolean) => ({
  name: "AES-GCM",
  iv: source(layout.nonce(index)),
  additionalData: source(layout.aad(index, final)),
  tagLength: 128,
});

const gcm = (layout: RecordLayout, i: number, count: number) => recordParams(layout, i, i === count - 1);

/** Seals `plaintext` into head ‖ record 0 ‖ … ‖ record n−1, n = max(1, ⌈len / 64 KiB⌉). */
export async function sealRecords(
  key: CryptoKey,
  head: Uint8Array,
  plaintext: Uint8Array,
  layout: RecordLayout,
): Promise<Uint8Array> {
  if (head.length !== layout.headSize) throw new HushnoteCryptoError(`body head must be ${layout.headSize} bytes`);
  const count = Math.max(1, Math.ceil(plaintext.length / RECORD_SIZE));
  if (count > MAX_RECORDS) throw new HushnoteCryptoError("payload is too large for one body");
  const body = new Uint8Array(head.length + plaintext.length + count * TAG_SIZE);
  body.set(head);
  await forEachRecord(count, async (i) => {
    const chunk = plaintext.subarray(i * RECORD_SIZE, (i + 1) * RECORD_SIZE);
    body.set(
      new Uint8Array(await crypto.subtle.encrypt(gcm(layout, i, count), key, source(chunk))),
      head.length + i * SEALED_RECORD_SIZE,
    );
  });
  return body;
}

/** Opens the records after the head; every record must authenticate before any plaintext is returned. */
export async function openRecords(key: CryptoKey, body: Uint8Array, layout: RecordLayout): Promise<Uint8Array> {
  const rest = body instanceof Uint8Array ? body.length - layout.headSize : -1;
  const problem = recordsLengthProblem(rest);
  if (problem) throw new CorruptEnvelopeError(problem);
  const count = Math.ceil(rest / SEALED_RECORD_SIZE);
  const plaintext = new Uint8Array(rest - count * TAG_SIZE);
  const work = forEachRecord(count, async (i) => {
    const start = layout.headSize + i * SEALED_RECORD_SIZE;
    const record = body.subarray(start, Math.min(body.length, start + SEALED_RECORD_SIZE));
    let clear: ArrayBuffer;
    try {
      clear = await crypto.subtle.decrypt(gcm(layout, i, count), key, source(record));
    } catch {
      throw new CorruptEnvelopeError(
        `body record ${i} does not authenticate (tampered, truncated, reordered or from another note or version)`,
      );
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
