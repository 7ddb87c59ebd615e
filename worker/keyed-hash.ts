/** The instance's keyed hash (HMAC-SHA256 under RATE_LIMIT_SECRET): opaque, stable names for networks and devices. */
import { toBase64Url } from "../crypto/base64url";

let hashKey: Promise<CryptoKey> | undefined;

/** The first 16 bytes of HMAC-SHA256(RATE_LIMIT_SECRET, message), in base64url. */
export async function keyedHash(message: string, env: Env): Promise<string> {
  hashKey ??= importHashKey((env as unknown as { RATE_LIMIT_SECRET?: string }).RATE_LIMIT_SECRET);
  const mac = await crypto.subtle.sign("HMAC", await hashKey, new TextEncoder().encode(message));
  return toBase64Url(new Uint8Array(mac, 0, 16));
}

function importHashKey(secret: string | undefined): Promise<CryptoKey> {
  // Without the secret each isolate keys by its own random key: hashes never leak an address, but limits, per-client
  // counts and device lanes then hold per isolate only (worker/warnings.ts says so at every request).
  const material = secret ? new TextEncoder().encode(secret) : crypto.getRandomValues(new Uint8Array(32));
  return crypto.subtle.importKey("raw", material, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}
