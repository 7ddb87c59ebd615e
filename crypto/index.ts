/** hushnote format v1: the one crypto module used by the pages, the CLI and the tests (spec: docs/FORMAT.md). */
import { toBase64Url } from "./base64url";
import { systemRandom } from "./bytes";
import { KEY_SIZE, NOTE_ID_SIZE } from "./constants";

export {
  DEFAULT_ITERATIONS, FORMAT_VERSION, IV_SIZE, KDF_NAME, KEY_SIZE, MAX_ITERATIONS, MIN_ITERATIONS, NONCE_PREFIX_SIZE,
  NOTE_ID_SIZE, RECORD_SIZE, SALT_SIZE, TAG_SIZE, WRAPPED_KEY_SIZE,
} from "./constants";
export { CorruptEnvelopeError, HushnoteCryptoError, UnsupportedVersionError, WrongKeyError } from "./errors";
export { decodeHeader, encodeHeader, isNoteId, isPadSlug, type Header, type KdfParams } from "./header";
export { stretchPassword } from "./kdf";
export { decodePayload, encodePayload, type Payload, type PayloadFile } from "./payload";
export type { ProtectOptions, Secrets } from "./envelope";
export type { Random } from "./bytes";
export { decrypt, open, reseal, seal, unlock, type ReadOptions, type Sealed, type SealOptions, type Unlocked } from "./seal";
export { rekey, rewrap, type Rewrapped } from "./rotate";

/** A fresh 32-byte link key from the CSPRNG. */
export function generateLinkKey(): Uint8Array {
  return systemRandom(KEY_SIZE);
}

/** A fresh note id: 16 CSPRNG bytes as 22 base64url characters. */
export function generateNoteId(): string {
  return toBase64Url(systemRandom(NOTE_ID_SIZE));
}
