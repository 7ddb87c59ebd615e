/** Optional Cloudflare Access gate on creating: verifies the Access JWT (RS256 signature, aud, iss, exp). */
import { fromBase64Url } from "../crypto/base64url";
import type { AccessConfig } from "./config";
import { StatusError } from "./errors";

export interface Jwk extends JsonWebKey { kid?: string }
/** Finds the public key a token names; replaceable in tests that hold their own key set. */
export type KeySource = (kid: string) => Promise<CryptoKey | null>;

/** Clock skew tolerated between Access and this Worker. */
const LEEWAY_SECONDS = 60;
/** Access rotates its signing keys every few weeks; an hour's cache keeps verification local and fresh. */
const JWKS_TTL_MS = 3600_000;
/** An unknown kid refetches the key set at most this often, so forged kids cannot make us hammer the endpoint. */
const REFETCH_MS = 60_000;

const jwksCache = new Map<string, { at: number; keys: Jwk[] }>();

/** Throws 403 unless the request carries a valid Access token for this instance's team and application. */
export async function requireAccess(request: Request, access: AccessConfig | null): Promise<void> {
  if (!access) return;
  const token = accessToken(request);
  if (!token) throw new StatusError(403, "Creating on this instance is limited to its team: sign in through Cloudflare Access.");
  if (!(await verifyAccessJwt(token, access, Date.now(), remoteKeys(access.jwksUrl)))) {
    throw new StatusError(403, "Your Cloudflare Access sign-in is not valid for this instance, or has expired. Sign in again.");
  }
}

/** Access sends its JWT in a header on paths it protects; a signed-in browser also carries it as a cookie. */
function accessToken(request: Request): string | null {
  const header = request.headers.get("Cf-Access-Jwt-Assertion");
  if (header) return header;
  const cookie = /(?:^|;\s*)CF_Authorization=([^;]+)/.exec(request.headers.get("Cookie") ?? "");
  return cookie?.[1] ?? null;
}

/** True when `token` is an RS256 JWT signed by a key from `keys`, for `access.audience`, issued by the team, unexpired. */
export async function verifyAccessJwt(token: string, access: AccessConfig, now: number, keys: KeySource): Promise<boolean> {
  const parts = token.split(".");
  if (parts.length !== 3) return false;
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  const payload = decodeJson(payloadPart);
  const signature = fromBase64Url(signaturePart);
  if (!header || !payload || !signature || header.alg !== "RS256" || typeof header.kid !== "string") return false;
  const key = await keys(header.kid);
  if (!key) return false;
  const signed = new TextEncoder().encode(`${headerPart}.${payloadPart}`);
  if (!(await crypto.subtle.verify("RSASSA-PKCS1-v1_5", key, signature, signed))) return false;
  const seconds = now / 1000;
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  return audiences.includes(access.audience)
    && payload.iss === access.teamDomain
    && typeof payload.exp === "number" && payload.exp + LEEWAY_SECONDS > seconds
    && (typeof payload.nbf !== "number" || payload.nbf - LEEWAY_SECONDS <= seconds);
}

/** A key source backed by a JWKS document (the Access certs endpoint), cached, refetched once for an unknown kid. */
export function remoteKeys(url: string): KeySource {
  return async (kid) => {
    let cached = jwksCache.get(url);
    const age = cached ? Date.now() - cached.at : Infinity;
    if (age > JWKS_TTL_MS || (age > REFETCH_MS && !cached!.keys.some((k) => k.kid === kid))) {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) return null;
      cached = { at: Date.now(), keys: (((await response.json()) as { keys?: Jwk[] }).keys ?? []) };
      jwksCache.set(url, cached);
    }
    return keyFromSet(cached!.keys, kid);
  };
}

/** Imports the RSA signing key with id `kid` from a key set, or null. */
export async function keyFromSet(keys: Jwk[], kid: string): Promise<CryptoKey | null> {
  const jwk = keys.find((k) => k.kid === kid && k.kty === "RSA");
  if (!jwk) return null;
  const { kid: _kid, ...material } = jwk;
  return crypto.subtle.importKey("jwk", { ...material, alg: "RS256" }, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"]);
}

function decodeJson(part: string): Record<string, unknown> | null {
  const bytes = fromBase64Url(part);
  if (!bytes) return null;
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
