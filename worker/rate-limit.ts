/**
 * Rate limits on the Workers Rate Limiting binding, keyed by a keyed hash of the client's address: the limiter
 * sees an opaque key, and the address is never stored or logged.
 */
import { toBase64Url } from "../crypto/base64url";
import { readConfig } from "./config";
import { retryLater } from "./errors";
import { logEvent } from "./log";

export type LimitClass = "create" | "read" | "padWrite";

const BINDINGS: Record<LimitClass, "CREATE_LIMIT" | "READ_LIMIT" | "PAD_WRITE_LIMIT"> = {
  create: "CREATE_LIMIT",
  read: "READ_LIMIT",
  padWrite: "PAD_WRITE_LIMIT",
};
/** The limiters' window (wrangler.toml `period`); a refused client may try again after it. */
const WINDOW_SECONDS = 10;

let hashKey: Promise<CryptoKey> | undefined;

/** Throws 429 when the caller's address has used up its allowance for this class of request. */
export async function enforceRateLimit(request: Request, env: Env, kind: LimitClass): Promise<void> {
  if (!readConfig(env).rateLimits) return;
  // Cloudflare's edge (and wrangler dev) always set this; only in-process test calls lack it.
  const address = request.headers.get("CF-Connecting-IP");
  if (!address) return;
  const { success } = await env[BINDINGS[kind]].limit({ key: await clientKey(address, env) });
  if (!success) {
    logEvent("rate_limited", { route: kind });
    throw retryLater(429, WINDOW_SECONDS, `Too many requests from your network. Try again in ${WINDOW_SECONDS} seconds.`);
  }
}

/** HMAC-SHA256 of the address (an IPv6 address by its /64, which one subscriber usually holds). */
async function clientKey(address: string, env: Env): Promise<string> {
  hashKey ??= importHashKey((env as unknown as { RATE_LIMIT_SECRET?: string }).RATE_LIMIT_SECRET);
  const mac = await crypto.subtle.sign("HMAC", await hashKey, new TextEncoder().encode(addressPrefix(address)));
  return toBase64Url(new Uint8Array(mac, 0, 16));
}

function importHashKey(secret: string | undefined): Promise<CryptoKey> {
  if (!secret) {
    // Without the secret each isolate keys by its own random key: limits still hold per isolate, hashes never leak.
    logEvent("rate_limit.no_secret");
  }
  const material = secret ? new TextEncoder().encode(secret) : crypto.getRandomValues(new Uint8Array(32));
  return crypto.subtle.importKey("raw", material, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}

/** The part of an address that identifies one client: all of IPv4, the first four groups (/64) of IPv6. */
export function addressPrefix(address: string): string {
  if (address.includes(".")) return address.slice(address.lastIndexOf(":") + 1);
  const [head = "", tail] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right].slice(0, 4).map((group) => group.replace(/^0+(?=.)/, "")).join(":");
}
