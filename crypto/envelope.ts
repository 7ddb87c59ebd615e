/** Envelope encryption: secrets → a header and its derived keys (writer), or the keys a header asks for (reader). */
import { toBase64Url } from "./base64url";
import { draw, fromBase64UrlExact, type Random, systemRandom } from "./bytes";
import { DEFAULT_ITERATIONS, type FormatVersion, KEY_SIZE, SALT_SIZE } from "./constants";
import { HushnoteCryptoError, WrongKeyError } from "./errors";
import { encodeHeader, type Header } from "./header";
import { checkIterations, iterationFloor, noteSalt } from "./header-v2";
import { type DerivedKeys, deriveKeys, sha256, stretchPassword } from "./kdf";
import type { KeyHolder } from "./wrap";

/** Key material a caller holds; `stretched` is PBKDF2 output computed elsewhere (a Web Worker), used instead of `password`. */
export interface Secrets {
  linkKey?: Uint8Array | null;
  password?: string | null;
  stretched?: Uint8Array | null;
}

/**
 * New secrets and KDF settings. `salt` must accompany `stretched` (for a v2 note it must be `noteSalt(id)`);
 * `minIterations` is a test-only lower floor; `version` is the format to write (see seal, rewrap and rekey for defaults).
 */
export interface ProtectOptions extends Secrets {
  iterations?: number;
  salt?: Uint8Array;
  minIterations?: number;
  version?: FormatVersion;
  /** Deterministic randomness, for generating test vectors only. */
  random?: Random;
}

/** A freshly protected header with its derived keys. */
export interface Protected extends KeyHolder, DerivedKeys {
  linkKey: Uint8Array | null;
}

const isKey = (k: Uint8Array | null | undefined, size: number) => k instanceof Uint8Array && k.length === size;
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The salt a writer stretches with: v1 and v2 pads draw one (or take the caller's); a v2 note's is derived from its id. */
async function writerSalt(
  version: FormatVersion,
  base: Pick<Header, "kind" | "id">,
  given: Uint8Array | undefined,
  random: Random,
): Promise<Uint8Array> {
  if (version === 1 || base.kind === "pad") return given ?? draw(random, SALT_SIZE);
  const derived = await noteSalt(base.id);
  if (given !== undefined && !(isKey(given, SALT_SIZE) && sameBytes(given, derived))) {
    throw new HushnoteCryptoError("a v2 note's salt is noteSalt(id); stretch the password with that salt");
  }
  return derived;
}

/** Builds a header for `base` plus `secrets` and derives its keys. Draws: link key (if generated), then salt (if drawn). */
export async function protect(
  base: Pick<Header, "kind" | "id" | "views" | "ttl">,
  secrets: ProtectOptions & { version: FormatVersion },
  generateLink: boolean,
): Promise<Protected> {
  const random = secrets.random ?? systemRandom;
  const version = secrets.version;
  const linkKey = secrets.linkKey === undefined ? (generateLink ? draw(random, KEY_SIZE) : null) : secrets.linkKey;
  if (linkKey !== null && !isKey(linkKey, KEY_SIZE))
    throw new HushnoteCryptoError(`link key must be ${KEY_SIZE} bytes`);
  if (secrets.password === "") throw new HushnoteCryptoError("password must not be empty (pass null for no password)");
  const stretchedGiven = secrets.stretched != null;
  if (stretchedGiven && !isKey(secrets.stretched, KEY_SIZE))
    throw new HushnoteCryptoError(`stretched password must be ${KEY_SIZE} bytes`);
  if (stretchedGiven && !isKey(secrets.salt, SALT_SIZE))
    throw new HushnoteCryptoError("a stretched password needs the 16-byte salt it was computed with");
  let stretched: Uint8Array | null = null;
  let kdf: Header["kdf"] = null;
  if (stretchedGiven || secrets.password != null) {
    const iterations = secrets.iterations ?? DEFAULT_ITERATIONS;
    checkIterations(iterations, secrets.minIterations ?? iterationFloor(version), HushnoteCryptoError);
    const salt = await writerSalt(version, base, secrets.salt, random);
    if (!isKey(salt, SALT_SIZE)) throw new HushnoteCryptoError(`salt must be ${SALT_SIZE} bytes`);
    stretched = secrets.stretched ?? (await stretchPassword(secrets.password as string, salt, iterations));
    kdf = { name: "PBKDF2-SHA256", iterations, salt: toBase64Url(salt) };
  }
  if (!linkKey && !stretched) throw new HushnoteCryptoError("a note needs a link key, a password or both");
  const header: Header = {
    v: version,
    kind: base.kind,
    id: base.id,
    kdf,
    link: linkKey !== null,
    views: base.views,
    ttl: base.ttl,
  };
  const headerB64 = encodeHeader(header);
  return { header, headerB64, linkKey, ...(await deriveKeys(header, linkKey, stretched)) };
}

/** Derives the keys a checked header (checkHeader) asks for from the reader's secrets; WrongKeyError when one is missing. */
export async function readerKeys(header: Header, secrets: Secrets): Promise<DerivedKeys> {
  let linkKey: Uint8Array | null = null;
  if (header.link) {
    if (!secrets.linkKey) throw new WrongKeyError("this note needs the key from its link");
    if (!isKey(secrets.linkKey, KEY_SIZE)) throw new WrongKeyError("the link key is incomplete or malformed");
    linkKey = secrets.linkKey;
  }
  let stretched: Uint8Array | null = null;
  if (header.kdf) {
    if (secrets.stretched != null) {
      if (!isKey(secrets.stretched, KEY_SIZE))
        throw new HushnoteCryptoError(`stretched password must be ${KEY_SIZE} bytes`);
      stretched = secrets.stretched;
    } else if (secrets.password) {
      const salt = fromBase64UrlExact(header.kdf.salt, SALT_SIZE, "kdf salt");
      stretched = await stretchPassword(secrets.password, salt, header.kdf.iterations);
    } else {
      throw new WrongKeyError("this note needs its password");
    }
  }
  return deriveKeys(header, linkKey, stretched);
}

/** The verifier the server stores and the proof a reader sends, both base64url. */
export async function proofPair(authKey: Uint8Array): Promise<{ verifier: string; proof: string }> {
  return { verifier: toBase64Url(await sha256(authKey)), proof: toBase64Url(authKey) };
}

/** The link verifier the server stores and the link proof a reader sends (v2 notes with a link key), or nulls. */
export async function linkPair(
  linkAuth: Uint8Array | null,
): Promise<{ linkVerifier: string | null; linkProof: string | null }> {
  if (!linkAuth) return { linkVerifier: null, linkProof: null };
  return { linkVerifier: toBase64Url(await sha256(linkAuth)), linkProof: toBase64Url(linkAuth) };
}
