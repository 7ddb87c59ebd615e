/**
 * The byte layout of a sealed body, for storage and transfer: head ‖ records, cut into parts of whole records. Pure
 * arithmetic (the Worker imports it to check sizes); parts are not part of the format, a reader just concatenates them.
 */
import { BODY_SALT_SIZE, type FormatVersion, NONCE_PREFIX_SIZE, RECORD_SIZE, TAG_SIZE } from "./constants";
import { HushnoteCryptoError } from "./errors";

/** Bytes of one full sealed record: 64 KiB of plaintext and its tag. */
export const SEALED_RECORD_SIZE = RECORD_SIZE + TAG_SIZE;
/** Most records in one body: the record index is a 32-bit counter in the nonce and the AAD. */
export const MAX_RECORDS = 0x1_0000_0000;
/** Records per stored part: 384 · 65,552 bytes plus the largest head stays under KV's 25 MiB value limit. */
export const RECORDS_PER_PART = 384;
/** Bytes of the largest part (part 0 of a v2 body): 25,172,004. */
export const MAX_PART_SIZE = 4 + BODY_SALT_SIZE + RECORDS_PER_PART * SEALED_RECORD_SIZE;

/** Bytes before the first record: v1's nonce prefix (8), v2's body version and body salt (36). */
export function headSize(v: FormatVersion): number {
  if (v === 1) return NONCE_PREFIX_SIZE;
  if (v === 2) return 4 + BODY_SALT_SIZE;
  throw new HushnoteCryptoError("format version must be 1 or 2");
}

/** Records sealing `payloadLength` plaintext bytes: at least one, even for an empty payload. */
export const recordCount = (payloadLength: number): number => Math.max(1, Math.ceil(payloadLength / RECORD_SIZE));

/** Exact body length a writer produces for `payloadLength` plaintext bytes (the encoded payload, manifest included). */
export function ciphertextLength(payloadLength: number, v: FormatVersion): number {
  if (!Number.isSafeInteger(payloadLength) || payloadLength < 0)
    throw new HushnoteCryptoError("payload length must be a non-negative integer");
  const records = recordCount(payloadLength);
  if (records > MAX_RECORDS) throw new HushnoteCryptoError("payload is too large for one body");
  return headSize(v) + payloadLength + records * TAG_SIZE;
}

/** Why `recordBytes` (a body's length after its head) cannot be records a writer produced, or null when it can. */
export function recordsLengthProblem(recordBytes: number): string | null {
  if (!Number.isSafeInteger(recordBytes) || recordBytes < TAG_SIZE) return "body is too short";
  const count = Math.ceil(recordBytes / SEALED_RECORD_SIZE);
  const last = recordBytes - (count - 1) * SEALED_RECORD_SIZE;
  // A writer never leaves a tag-only final record after full ones, nor a fragment shorter than a tag.
  if (last < TAG_SIZE || (count > 1 && last === TAG_SIZE)) return "body has an impossible length (truncated?)";
  if (count > MAX_RECORDS) return "body has too many records";
  return null;
}

/** Why no writer produces a body of `bodyLength` bytes in format `v` (what every reader refuses), or null. */
export function bodyLengthProblem(bodyLength: number, v: FormatVersion): string | null {
  if (!Number.isSafeInteger(bodyLength)) return "body length must be an integer";
  return recordsLengthProblem(bodyLength - headSize(v));
}

/** Sizes of the parts a body of `bodyLength` bytes is stored in: head + up to 384 records, then up to 384 records each. */
export function partSizes(bodyLength: number, v: FormatVersion): number[] {
  const problem = bodyLengthProblem(bodyLength, v);
  if (problem) throw new HushnoteCryptoError(problem);
  const full = RECORDS_PER_PART * SEALED_RECORD_SIZE;
  const sizes: number[] = [];
  let rest = bodyLength - headSize(v);
  do {
    sizes.push(Math.min(rest, full));
    rest -= full;
  } while (rest > 0);
  sizes[0]! += headSize(v);
  return sizes;
}
