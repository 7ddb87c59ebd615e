/** The SDK's own error: what went wrong in words a script can branch on; server and crypto errors pass through. */

/**
 * - `invalid`: the caller's options (a damaged link, a ttl the server does not allow, too large, nothing to send)
 * - `gone`: expired, burned, deleted or never existed (also destroyed by too many wrong passwords)
 * - `wrong-password`: wrong password, link key or manage token, or a notepad making guessers wait
 * - `conflict`: the notepad changed since the version the caller based its text on; nothing was saved
 * - `damaged`: the server sent data that fails its checks (altered, truncated or another note's)
 */
export type SdkErrorCode = "invalid" | "gone" | "wrong-password" | "conflict" | "damaged";

/** Facts a caller may act on: tries left before a note destroys itself, seconds to wait, a notepad's version. */
export interface SdkErrorDetails {
  triesLeft?: number | null;
  retryAfter?: number | null;
  version?: number | null;
}

/** Thrown by every SDK function for the outcomes above; `cause` keeps the ApiError or crypto error behind it. */
export class SdkError extends Error {
  constructor(readonly code: SdkErrorCode, message: string, readonly details: SdkErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SdkError";
  }
}

/** A refusal of the caller's own options. */
export const invalid = (message: string) => new SdkError("invalid", message);
