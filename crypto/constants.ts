/** Fixed numbers of format v1 (docs/FORMAT.md); changing any of them is a new format version. */

/** The only format version this module writes and reads. */
export const FORMAT_VERSION = 1;
/** PBKDF2 iterations used when sealing (OWASP's current figure for PBKDF2-HMAC-SHA256). */
export const DEFAULT_ITERATIONS = 600_000;
/** Fewest PBKDF2 iterations a reader (and the server) accepts. */
export const MIN_ITERATIONS = 310_000;
/** Most PBKDF2 iterations a reader will run: a hostile header must not hang the page for minutes. */
export const MAX_ITERATIONS = 10_000_000;
/** Plaintext bytes per body record (the last record may be shorter). */
export const RECORD_SIZE = 65_536;
/** AES-GCM tag bytes appended to every ciphertext. */
export const TAG_SIZE = 16;
/** Bytes of a link key, DEK, authKey and stretched password. */
export const KEY_SIZE = 32;
/** Bytes of the PBKDF2 salt. */
export const SALT_SIZE = 16;
/** Bytes of an AES-GCM IV. */
export const IV_SIZE = 12;
/** Bytes of the random nonce prefix at the start of every body. */
export const NONCE_PREFIX_SIZE = 8;
/** Bytes of a wrapped key: IV ‖ encrypted DEK ‖ tag. */
export const WRAPPED_KEY_SIZE = IV_SIZE + KEY_SIZE + TAG_SIZE;
/** Bytes of a note id (22 base64url characters). */
export const NOTE_ID_SIZE = 16;
/** The only key-derivation function of format v1. */
export const KDF_NAME = "PBKDF2-SHA256";
