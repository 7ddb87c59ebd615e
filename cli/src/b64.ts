/** base64url for multi-MB bodies with Node's native codec: the shared module's btoa/atob path is several times slower. */

/** Unpadded base64url, identical to crypto/base64url's toBase64Url. */
export const encodeB64u = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("base64url");

/** Strict decode with fromBase64Url's rules (alphabet, no padding, possible length, canonical last character), else null. */
export function decodeB64u(text: string): Uint8Array | null {
  if (typeof text !== "string" || text.length % 4 === 1 || !/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const bytes = Buffer.from(text, "base64url");
  // Node ignores stray low bits in a final partial group; re-encoding that group catches them (one value, one spelling).
  const tail = text.length % 4;
  if (tail && encodeB64u(bytes.subarray(bytes.length - (tail - 1))) !== text.slice(-tail)) return null;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}
