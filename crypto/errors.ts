/** Typed failures of the crypto module; names are set explicitly because bundlers minify class names. */

/** Base class: every failure this module throws on purpose is one of these. */
export class HushnoteCryptoError extends Error {
  override name = "HushnoteCryptoError";
}

/** The link key or password is wrong (or missing): the wrapped key does not open. */
export class WrongKeyError extends HushnoteCryptoError {
  override name = "WrongKeyError";
}

/** A header from a newer or unknown format: version, KDF name or KDF parameters this reader refuses. */
export class UnsupportedVersionError extends HushnoteCryptoError {
  override name = "UnsupportedVersionError";
}

/** Malformed, truncated, reordered, spliced or tampered data. */
export class CorruptEnvelopeError extends HushnoteCryptoError {
  override name = "CorruptEnvelopeError";
}

/**
 * The header names another note, notepad or format version than the one the user asked for (their own link or the
 * address they typed): the server swapped or downgraded it. A CorruptEnvelopeError, so older handlers still catch it.
 */
export class HeaderMismatchError extends CorruptEnvelopeError {
  override name = "HeaderMismatchError";
}

/** A notepad body older than one this client has already seen: the server rolled the notepad back. */
export class RollbackError extends CorruptEnvelopeError {
  override name = "RollbackError";
}

/** A request's public key, as the server serves it, is not the one the asker's request link vouches for (FORMAT.md §12). */
export class RequestKeyMismatchError extends HushnoteCryptoError {
  override name = "RequestKeyMismatchError";
}
