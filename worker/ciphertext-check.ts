/** A cheap guard against broken or malicious clients uploading plaintext: ciphertext does not compress. */

/** Smaller bodies are skipped: compression cannot tell short text from random bytes reliably. */
const MIN_BYTES = 512;
/** Only a prefix is examined, so the check costs well under a millisecond of CPU on any body. */
const SAMPLE_BYTES = 16 * 1024;
/** Random bytes deflate to slightly more than their size; any real saving means structure, not ciphertext. */
const MIN_RATIO = 0.95;

/** Whether `body` is plausibly ciphertext (false when it compresses noticeably). */
export async function looksEncrypted(body: Uint8Array): Promise<boolean> {
  if (body.length < MIN_BYTES) return true;
  const sample = body.slice(0, SAMPLE_BYTES);
  const stream = new Blob([sample]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  const compressed = await new Response(stream).arrayBuffer();
  return compressed.byteLength >= sample.length * MIN_RATIO;
}
