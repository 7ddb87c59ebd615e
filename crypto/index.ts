/** hushnote formats v1 and v2: the one crypto module used by the pages, the CLI and the tests (spec: docs/FORMAT.md). */
import { toBase64Url } from "./base64url";
import { systemRandom } from "./bytes";
import { KEY_SIZE, NOTE_ID_SIZE } from "./constants";

export type { Random } from "./bytes";
export {
  BODY_SALT_SIZE,
  COMMIT_SIZE,
  DEFAULT_ITERATIONS,
  FORMAT_VERSION,
  type FormatVersion,
  IV_SIZE,
  KDF_NAME,
  KEY_SIZE,
  MAX_BODY_VERSION,
  MAX_ITERATIONS,
  MIN_ITERATIONS,
  MIN_ITERATIONS_V2,
  NONCE_PREFIX_SIZE,
  NOTE_ID_SIZE,
  READ_VERSIONS,
  RECORD_SIZE,
  SALT_SIZE,
  TAG_SIZE,
  WRAPPED_KEY_SIZE,
  WRAPPED_KEY_SIZE_V2,
  WRITE_VERSION,
} from "./constants";
export type { ProtectOptions, Secrets } from "./envelope";
export {
  CorruptEnvelopeError,
  HeaderMismatchError,
  HushnoteCryptoError,
  RollbackError,
  UnsupportedVersionError,
  WrongKeyError,
} from "./errors";
export { decodeHeader, encodeHeader, type Header, isNoteId, isPadSlug, type KdfParams } from "./header";
export { checkHeader, type Expected, type HeaderCheck, noteSalt } from "./header-v2";
export { stretchPassword } from "./kdf";
export { comparePadMemory, type PadChange, type PadComparison, type PadMemory, padFingerprint } from "./pad-memory";
export {
  bodyLengthProblem,
  ciphertextLength,
  headSize,
  MAX_PART_SIZE,
  partSizes,
  RECORDS_PER_PART,
  SEALED_RECORD_SIZE,
} from "./parts";
export { decodePayload, encodePayload, type Payload, type PayloadFile } from "./payload";
export type { PayloadEvent } from "./payload-events";
export type { StreamFile, StreamPayload } from "./payload-stream";
export { type Rewrapped, rekey, rewrap } from "./rotate";
export {
  type DecryptOptions,
  decrypt,
  decryptVersioned,
  type Envelope,
  type Opened,
  open,
  openVersioned,
  type ReadOptions,
  type ResealOptions,
  reseal,
  type Sealed,
  type SealOptions,
  seal,
  type Unlocked,
  unlock,
} from "./seal";
export { openStream, type SealedStream, sealStream } from "./stream";

/** A fresh 32-byte link key from the CSPRNG. */
export function generateLinkKey(): Uint8Array {
  return systemRandom(KEY_SIZE);
}

/** A fresh note id: 16 CSPRNG bytes as 22 base64url characters. */
export function generateNoteId(): string {
  return toBase64Url(systemRandom(NOTE_ID_SIZE));
}

// Format v3 requests (docs/FORMAT.md §12): the answer is an ordinary v2 link note whose key is sealed to the asker.
export { RequestKeyMismatchError } from "./errors";
export {
  checkRequestKey,
  type NewRequest,
  newRequest,
  openAnswerKey,
  requestFingerprint,
  requestProof,
  sealAnswerKey,
} from "./request";
export { openDescription, sealDescription } from "./request-description";
export type { RequestKeyPair } from "./request-ecdh";
export {
  decodePrivateLink,
  decodeRequestFragment,
  encodePrivateLink,
  encodeRequestFragment,
  FINGERPRINT_SIZE,
  MAX_DESCRIPTION_LENGTH,
  MAX_DESCRIPTION_SIZE,
  PRIVATE_LINK_SIZE,
  type PrivateLinkKeys,
  PUBLIC_KEY_SIZE,
  REQUEST_ID_SIZE,
  type RequestFragment,
  SEALED_KEY_SIZE,
} from "./request-encoding";
