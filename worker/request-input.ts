/**
 * Validation of the secret request routes' fields (docs/API.md, "Requests"). The Worker never opens them: the key,
 * description and sealed key are opaque bytes whose lengths and format are all it checks (docs/FORMAT.md, "Requests").
 */
import { fromBase64Url } from "../crypto/base64url";
import { type Header, isNoteId } from "../crypto/header";
import type { Config } from "./config";
import { StatusError } from "./errors";
import { exactBytes } from "./validate";

/** The asker's public key: an uncompressed P-256 point, 0x04 ‖ X ‖ Y. */
export const PUBLIC_KEY_BYTES = 65;
/** An answer's sealed link key: E (65) ‖ IV (12) ‖ the 32-byte key and its 16-byte tag. */
export const SEALED_KEY_BYTES = 125;
/** An encrypted description is IV (12) ‖ ciphertext ‖ tag (16), so 28 bytes for an empty text. */
export const MIN_DESCRIPTION_BYTES = 28;
/** Room for the longest description a client seals (1,000 characters) and then some. */
export const MAX_DESCRIPTION_BYTES = 4096;

function bad(message: string): never {
  throw new StatusError(400, message);
}

/** A request id: 16 bytes as 22 base64url characters, like a note id. */
export function requestId(value: unknown): string {
  if (!isNoteId(value)) bad("A request id is 16 bytes written as 22 base64url characters.");
  return value;
}

/** The asker's public key, as sent (base64url has one spelling per byte string). */
export function publicKey(value: unknown): string {
  const bytes = exactBytes(value, PUBLIC_KEY_BYTES, "publicKey");
  if (bytes[0] !== 0x04) bad('"publicKey" must be an uncompressed P-256 point: 65 bytes starting with 0x04.');
  return value as string;
}

/** The encrypted description, or null (absent counts as null). */
export function description(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const bytes = typeof value === "string" ? fromBase64Url(value) : null;
  if (!bytes || bytes.length < MIN_DESCRIPTION_BYTES || bytes.length > MAX_DESCRIPTION_BYTES) {
    bad(
      `"description" must be null or ${MIN_DESCRIPTION_BYTES} to ${MAX_DESCRIPTION_BYTES} bytes of ciphertext in base64url without padding.`,
    );
  }
  return value as string;
}

/** How many answers a request takes: 1 to MAX_VIEWS, 1 when absent. */
export function answers(value: unknown, config: Config): number {
  if (value === undefined) return 1;
  if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > config.maxViews) {
    bad(`"answers" must be an integer from 1 to ${config.maxViews} (MAX_VIEWS).`);
  }
  return value as number;
}

/** An answer's sealed link key. */
export function sealedKey(value: unknown): string {
  exactBytes(value, SEALED_KEY_BYTES, "sealedKey");
  return value as string;
}

/** The JSON object that is an answer's note: the body POST /api/notes takes. */
export function answerNote(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    bad('"note" must be the JSON object POST /api/notes takes.');
  }
  return value as Record<string, unknown>;
}

/**
 * What an answer's note must be besides a valid note: format v2, opened by its link key alone (the key the asker
 * unseals), once. A password would be one the asker does not know; more views would outlive the one answer.
 */
export function answerHeader(h: Header): void {
  if (h.v !== 2 || !h.link || h.kdf !== null || h.views !== 1) {
    bad("An answer's note must be a format v2 note with a link key, no password and one view.");
  }
}
