/** P-256 ECDH through Web Crypto for requests (FORMAT.md §12): keys as raw bytes in, CryptoKeys out. */
import { fromBase64Url, toBase64Url } from "./base64url";
import { concat, source } from "./bytes";
import { CorruptEnvelopeError, HushnoteCryptoError, WrongKeyError } from "./errors";
import { type PrivateLinkKeys, PUBLIC_KEY_SIZE, SCALAR_SIZE } from "./request-encoding";

const P256 = { name: "ECDH", namedCurve: "P-256" } as const;

/** A P-256 key pair as bytes: the private scalar `d` and the uncompressed public point `Q`. */
export type RequestKeyPair = Pick<PrivateLinkKeys, "d" | "Q">;

/** Imports an uncompressed public point; the platform refuses points not on the curve, so an invalid one is corrupt. */
export async function importPublicKey(Q: Uint8Array, what: string): Promise<CryptoKey> {
  if (Q.length !== PUBLIC_KEY_SIZE || Q[0] !== 4)
    throw new CorruptEnvelopeError(`${what} is not an uncompressed P-256 point`);
  try {
    return await crypto.subtle.importKey("raw", source(Q), P256, true, []);
  } catch {
    throw new CorruptEnvelopeError(`${what} is not a valid P-256 point`);
  }
}

/** Imports d with its public point (JWK needs both: Web Crypto cannot compute Q from d). */
export async function importPrivateKey(keys: RequestKeyPair): Promise<CryptoKey> {
  const { d, Q } = keys;
  if (d.length !== SCALAR_SIZE || Q.length !== PUBLIC_KEY_SIZE || Q[0] !== 4)
    throw new WrongKeyError("the private key is malformed");
  const jwk = {
    kty: "EC",
    crv: "P-256",
    d: toBase64Url(d),
    x: toBase64Url(Q.subarray(1, 1 + SCALAR_SIZE)),
    y: toBase64Url(Q.subarray(1 + SCALAR_SIZE)),
  };
  try {
    return await crypto.subtle.importKey("jwk", jwk, P256, false, ["deriveBits"]);
  } catch {
    // A scalar out of range or a point off the curve: the private link was damaged.
    throw new WrongKeyError("the private key is not a valid P-256 key");
  }
}

/** A fresh key pair from the platform's generator, exported to bytes (the private link carries d). */
export async function generateKeyPair(): Promise<{ keys: RequestKeyPair; privateKey: CryptoKey }> {
  const pair = (await crypto.subtle.generateKey(P256, true, ["deriveBits"])) as CryptoKeyPair;
  const jwk = (await crypto.subtle.exportKey("jwk", pair.privateKey)) as JsonWebKey;
  const [d, x, y] = [jwk.d, jwk.x, jwk.y].map((v) => (typeof v === "string" ? fromBase64Url(v) : null));
  if (d?.length !== SCALAR_SIZE || x?.length !== SCALAR_SIZE || y?.length !== SCALAR_SIZE)
    throw new HushnoteCryptoError("the platform exported a P-256 key of an unexpected shape");
  const Q = new Uint8Array((await crypto.subtle.exportKey("raw", pair.publicKey)) as ArrayBuffer);
  if (Q.length !== PUBLIC_KEY_SIZE || !concat(Uint8Array.of(4), x, y).every((b, i) => b === Q[i]))
    throw new HushnoteCryptoError("the platform exported a P-256 key of an unexpected shape");
  return { keys: { d, Q }, privateKey: pair.privateKey };
}

/** A fresh non-extractable pair for one answer: only its public point E ever leaves Web Crypto. */
export async function ephemeralKey(): Promise<{ Q: Uint8Array; privateKey: CryptoKey }> {
  const pair = (await crypto.subtle.generateKey(P256, false, ["deriveBits"])) as CryptoKeyPair;
  const Q = new Uint8Array((await crypto.subtle.exportKey("raw", pair.publicKey)) as ArrayBuffer);
  if (Q.length !== PUBLIC_KEY_SIZE)
    throw new HushnoteCryptoError("the platform exported a P-256 key of an unexpected shape");
  return { Q, privateKey: pair.privateKey };
}

/** The ECDH shared secret Z: the 32-byte x-coordinate of d·Q. */
export async function sharedSecret(privateKey: CryptoKey, publicKey: CryptoKey): Promise<Uint8Array> {
  // Not an inline literal: workers-types spells the member `$public`, and would refuse `public` in a fresh literal.
  const params = { name: "ECDH" as const, public: publicKey };
  return new Uint8Array(await crypto.subtle.deriveBits(params, privateKey, 256));
}
