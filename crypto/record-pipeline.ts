/**
 * The record engine over streams (record-stream.ts does whole buffers): the same records, sealed or opened one at a
 * time with a few in flight and released in order, so memory stays a few records whatever the body's size.
 */
import { source } from "./bytes";
import type { ChunkReader } from "./chunk-reader";
import { RECORD_SIZE } from "./constants";
import { CorruptEnvelopeError, HushnoteCryptoError } from "./errors";
import { MAX_RECORDS, recordCount, recordsLengthProblem, SEALED_RECORD_SIZE } from "./parts";
import { type BodyCipher, RECORDS_IN_FLIGHT, recordParams } from "./record-stream";

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

const settle = <T>(work: Promise<T>): Promise<Settled<T>> =>
  work.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );

/** Starts each task as `tasks` yields it, at most `limit` at once, and yields their results in the order they started. */
async function* inOrder<T>(tasks: AsyncIterable<() => Promise<T>>, limit: number): AsyncGenerator<T> {
  // Settled, never rejected: a later record failing while an earlier one is awaited must not go unhandled.
  const running: Promise<Settled<T>>[] = [];
  const oldest = async (): Promise<T> => {
    const result = await (running.shift() as Promise<Settled<T>>);
    if (!result.ok) throw result.error;
    return result.value;
  };
  try {
    for await (const task of tasks) {
      running.push(settle(task()));
      if (running.length >= limit) yield await oldest();
    }
    while (running.length > 0) yield await oldest();
  } finally {
    // Nothing is still in the platform's hands once the caller sees the end, an error, or gives up.
    await Promise.all(running);
  }
}

/**
 * Seals exactly `length` plaintext bytes from `plaintext` into head ‖ record 0 ‖ … ‖ record n−1, yielded in order.
 * The final flag follows from `length`: a source that ends early or runs on is refused before the record it would
 * change is sealed, so every record index is sealed once, with one nonce, and never with a wrong final flag.
 */
export async function* sealRecordStream(
  cipher: BodyCipher,
  length: number,
  plaintext: ChunkReader,
): AsyncGenerator<Uint8Array> {
  const count = recordCount(length);
  if (count > MAX_RECORDS) throw new HushnoteCryptoError("payload is too large for one body");
  async function* tasks() {
    for (let i = 0; i < count; i++) {
      const final = i === count - 1;
      const block = await plaintext.read(RECORD_SIZE);
      const expected = final ? length - i * RECORD_SIZE : RECORD_SIZE;
      if (block.length !== expected || (final && !(await plaintext.atEnd())))
        throw new HushnoteCryptoError("the payload yielded a different number of bytes than declared");
      yield async () =>
        new Uint8Array(await crypto.subtle.encrypt(recordParams(cipher.layout, i, final), cipher.key, source(block)));
    }
  }
  // A copy: v1 nonces are built from the head, and a consumer may zero or transfer what it is given.
  yield cipher.head.slice();
  yield* inOrder(tasks(), RECORDS_IN_FLIGHT);
}

/** Opens one record; any failure is the same CorruptEnvelopeError, since GCM cannot tell why a record is wrong. */
async function openRecord(cipher: BodyCipher, index: number, final: boolean, sealed: Uint8Array): Promise<Uint8Array> {
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt(recordParams(cipher.layout, index, final), cipher.key, source(sealed)),
    );
  } catch {
    throw new CorruptEnvelopeError(
      `body record ${index} does not authenticate (tampered, truncated, reordered or from another note or version)`,
    );
  }
}

/**
 * Opens the records after the head (already read from `body`), yielding each record's plaintext only once it has
 * authenticated, in order. A record is final when nothing follows it: the reader looks ahead before opening it, and a
 * stream cut after any record fails there, because that record was sealed as not final.
 */
export async function* openRecordStream(cipher: BodyCipher, body: ChunkReader): AsyncGenerator<Uint8Array> {
  async function* tasks() {
    let sealed = await body.read(SEALED_RECORD_SIZE);
    for (let i = 0; ; i++) {
      const final = await body.atEnd();
      // The same lengths openRecords refuses: a fragment shorter than a tag, a tag-only record after full ones.
      const problem = final
        ? recordsLengthProblem(i * SEALED_RECORD_SIZE + sealed.length)
        : i + 1 >= MAX_RECORDS && "body has too many records";
      if (problem) throw new CorruptEnvelopeError(problem);
      const record = sealed;
      const index = i;
      yield () => openRecord(cipher, index, final, record);
      if (final) return;
      sealed = await body.read(SEALED_RECORD_SIZE);
    }
  }
  yield* inOrder(tasks(), RECORDS_IN_FLIGHT);
}
