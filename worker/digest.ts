/** Hashes and tokens: the server keeps SHA-256 digests of proofs and manage tokens, never the secrets. */

/** SHA-256 of the given bytes. */
export async function sha256(bytes: Uint8Array): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", bytes);
}

/** Constant-time comparison of two digests; different lengths are simply unequal. */
export function digestsEqual(a: ArrayBuffer, b: ArrayBuffer): boolean {
  return a.byteLength === b.byteLength && crypto.subtle.timingSafeEqual(a, b);
}

/** 32 random bytes from the CSPRNG. */
export function randomToken(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32));
}
