/** Optional Cloudflare Access gate on creating: jose verifies the Access JWT (RS256 signature, aud, iss, exp, nbf). */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  type JWTVerifyGetKey,
  jwtVerify,
  type RemoteJWKSet,
} from "jose";
import type { AccessConfig } from "./config";
import { StatusError } from "./errors";

export interface Jwk extends JsonWebKey {
  kid?: string;
}
/** Finds the public key a token names, or null; the team's remote key set in production, a fixed set in tests. */
export type KeySource = (kid: string) => Promise<CryptoKey | null>;

/** Clock skew tolerated between Access and this Worker, in seconds. */
const CLOCK_TOLERANCE = 60;
/** Access rotates its signing keys every few weeks; an hour's cache keeps verification local and fresh. */
const JWKS_TTL_MS = 3600_000;
/** An unknown kid refetches the key set at most this often, so forged kids cannot make us hammer the endpoint. */
const REFETCH_MS = 60_000;

/** One jose key set per URL for the isolate's life: it keeps the fetched keys between requests. */
const keySets = new Map<string, RemoteJWKSet>();

/** The key set could not be fetched or read: an outage between us and Access, not a bad token (so a 500, not 403). */
export class AccessKeysUnavailable extends Error {
  override name = "AccessKeysUnavailable";
}

/** Throws 403 unless the request carries a valid Access token for this instance's team and application. */
export async function requireAccess(request: Request, access: AccessConfig | null): Promise<void> {
  if (!access) return;
  const token = accessToken(request);
  if (!token)
    throw new StatusError(403, "Creating on this instance is limited to its team: sign in through Cloudflare Access.");
  if (!(await verifyAccessJwt(token, access, Date.now(), remoteKeys(access.jwksUrl)))) {
    throw new StatusError(
      403,
      "Your Cloudflare Access sign-in is not valid for this instance, or has expired. Sign in again.",
    );
  }
}

/** Access sends its JWT in a header on paths it protects; a signed-in browser also carries it as a cookie. */
function accessToken(request: Request): string | null {
  const header = request.headers.get("Cf-Access-Jwt-Assertion");
  if (header) return header;
  const cookie = /(?:^|;\s*)CF_Authorization=([^;]+)/.exec(request.headers.get("Cookie") ?? "");
  return cookie?.[1] ?? null;
}

/** True when `token` is an RS256 JWT signed by a key from `keys`, for this audience, issued by the team, in date. */
export async function verifyAccessJwt(
  token: string,
  access: AccessConfig,
  now: number,
  keys: KeySource,
): Promise<boolean> {
  const getKey: JWTVerifyGetKey = async ({ kid }) => {
    const key = typeof kid === "string" ? await keys(kid) : null;
    if (!key) throw new errors.JWKSNoMatchingKey();
    return key;
  };
  try {
    await jwtVerify(token, getKey, {
      algorithms: ["RS256"],
      audience: access.audience,
      issuer: access.teamDomain,
      clockTolerance: CLOCK_TOLERANCE,
      requiredClaims: ["exp"],
      currentDate: new Date(now),
    });
    return true;
  } catch (thrown) {
    if (thrown instanceof errors.JOSEError) return false;
    throw thrown;
  }
}

/** The key source for a JWKS URL (the team's certs endpoint), backed by the isolate's one jose key set for it. */
export function remoteKeys(url: string): KeySource {
  let keySet = keySets.get(url);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(url), { cacheMaxAge: JWKS_TTL_MS, cooldownDuration: REFETCH_MS });
    keySets.set(url, keySet);
  }
  return pick(keySet);
}

/** Finds the RSA signing key with id `kid` in a key set, or null. */
export async function keyFromSet(keys: Jwk[], kid: string): Promise<CryptoKey | null> {
  return pick(createLocalJWKSet({ keys } as JSONWebKeySet))(kid);
}

/** Looks an RS256 key up by kid: none (or an ambiguous match) is null, a set we cannot get is an error. */
function pick(keySet: (header: JWSHeaderParameters) => Promise<CryptoKey>): KeySource {
  return async (kid) => {
    try {
      return await keySet({ alg: "RS256", kid });
    } catch (thrown) {
      if (thrown instanceof errors.JWKSNoMatchingKey || thrown instanceof errors.JWKSMultipleMatchingKeys) return null;
      throw new AccessKeysUnavailable("The Access signing keys could not be fetched or read", { cause: thrown });
    }
  };
}
