/** Fixed numbers of formats v1 and v2 (docs/FORMAT.md); changing any of them is a new format version. */

/** Format versions this module reads. */
export const READ_VERSIONS = [1, 2] as const;
/** A format version this module reads and writes. */
export type FormatVersion = (typeof READ_VERSIONS)[number];
/** The version `seal` writes when not told otherwise: v2, which the Worker accepts since issue 11 (v1 stays readable). */
export const WRITE_VERSION: FormatVersion = 2;
/** The version written by default (kept for callers of v1; same as WRITE_VERSION). */
export const FORMAT_VERSION: FormatVersion = WRITE_VERSION;
/** PBKDF2 iterations used when sealing (OWASP's current figure for PBKDF2-HMAC-SHA256). */
export const DEFAULT_ITERATIONS = 600_000;
/** Fewest PBKDF2 iterations a v1 reader (and the server) accepts. */
export const MIN_ITERATIONS = 310_000;
/** Fewest PBKDF2 iterations a v2 writer or reader accepts. */
export const MIN_ITERATIONS_V2 = 600_000;
/** Most PBKDF2 iterations a reader will run: a hostile header must not hang the page for minutes. */
export const MAX_ITERATIONS = 10_000_000;
/** Plaintext bytes per body record (the last record may be shorter). */
export const RECORD_SIZE = 65_536;
/** AES-GCM tag bytes appended to every ciphertext. */
export const TAG_SIZE = 16;
/** Bytes of a link key, DEK, authKey, linkAuth, key commitment and stretched password. */
export const KEY_SIZE = 32;
/** Bytes of the PBKDF2 salt. */
export const SALT_SIZE = 16;
/** Bytes of an AES-GCM IV. */
export const IV_SIZE = 12;
/** Bytes of the random nonce prefix at the start of every v1 body. */
export const NONCE_PREFIX_SIZE = 8;
/** Bytes of a v1 wrapped key: IV ‖ encrypted DEK ‖ tag. */
export const WRAPPED_KEY_SIZE = IV_SIZE + KEY_SIZE + TAG_SIZE;
/** Bytes of the key commitment at the start of a v2 wrapped key. */
export const COMMIT_SIZE = 32;
/** Bytes of a v2 wrapped key: commitment ‖ IV ‖ encrypted DEK ‖ tag. */
export const WRAPPED_KEY_SIZE_V2 = COMMIT_SIZE + WRAPPED_KEY_SIZE;
/** Bytes of the random HKDF salt after the body version at the start of every v2 body. */
export const BODY_SALT_SIZE = 32;
/** Largest v2 body version (a u32 in the body and its AAD). */
export const MAX_BODY_VERSION = 0xffff_ffff;
/** Bytes of a note id (22 base64url characters). */
export const NOTE_ID_SIZE = 16;
/** The only key-derivation function of formats v1 and v2. */
export const KDF_NAME = "PBKDF2-SHA256";
