/**
 * Streaming seal and open: the same bodies as seal() and decrypt(), byte for byte, with memory bounded by a few records
 * whatever the size. Records are released as each authenticates (like age's STREAM); the final flag is what detects
 * truncation, so a consumer MUST discard everything it received when the stream ends in an error.
 */
import { checkRollback, importDek, readerCipher, writerCipher } from "./body";
import { ChunkReader } from "./chunk-reader";
import { CorruptEnvelopeError } from "./errors";
import { ciphertextLength, headSize } from "./parts";
import { PayloadDecoder, type PayloadEvent } from "./payload-events";
import { type StreamPayload, streamManifest, streamPlaintext } from "./payload-stream";
import { openRecordStream, sealRecordStream } from "./record-pipeline";
import type { DecryptOptions, Sealed, SealOptions, Unlocked } from "./seal";
import { sealingKeys } from "./seal-keys";
import { unwrapDekBytes } from "./wrap";

/** What seal() returns, with the body as a stream (iterate it once) and its exact length up front. */
export interface SealedStream extends Omit<Sealed, "body"> {
  size: number;
  body: AsyncIterable<Uint8Array>;
}

/**
 * Seals a payload whose files arrive as streams; the same random draws as seal(), so the same bytes. The body yields
 * the head, then each record; it throws HushnoteCryptoError if a file yields more or fewer bytes than its size.
 */
export async function sealStream(payload: StreamPayload, opts: SealOptions): Promise<SealedStream> {
  const keys = await sealingKeys(opts, () => streamManifest(payload));
  const { prefix, length } = keys.checked;
  const size = ciphertextLength(length, keys.header.v);
  const cipher = await writerCipher(keys.dek, keys.header, keys.bodyVersion, keys.random);
  const files = [...payload.files];
  async function* body() {
    const plaintext = new ChunkReader(streamPlaintext(prefix, files));
    try {
      yield* sealRecordStream(cipher, length, plaintext);
    } finally {
      await plaintext.cancel();
    }
  }
  return { ...keys.envelope, size, body: body() };
}

/**
 * Step two of reading, streamed: opens the wrapped key (WrongKeyError) before reading the body, checks a v2 body's
 * version against `minBodyVersion` from its head (RollbackError) before any record, then yields the manifest and the
 * files' bytes as records authenticate, and an end event once the final record did and the sizes add up exactly.
 */
export async function* openStream(
  unlocked: Unlocked,
  wrappedKey: string,
  body: AsyncIterable<Uint8Array>,
  opts: DecryptOptions = {},
): AsyncGenerator<PayloadEvent> {
  const { header } = unlocked;
  const dek = await importDek(await unwrapDekBytes(unlocked, wrappedKey), header);
  const reader = new ChunkReader(body);
  try {
    // A copy: the v1 nonces are built from the head, and the caller's chunk is not ours to keep.
    const head = (await reader.read(headSize(header.v))).slice();
    if (head.length !== headSize(header.v)) throw new CorruptEnvelopeError("body is too short");
    const cipher = await readerCipher(dek, header, head);
    checkRollback(cipher.bodyVersion, opts.minBodyVersion);
    const payload = new PayloadDecoder();
    for await (const plaintext of openRecordStream(cipher, reader)) yield* payload.push(plaintext);
    yield payload.end(cipher.bodyVersion);
  } finally {
    await reader.cancel();
  }
}
