/** Key rotation: rewrap (new password or KDF parameters, body untouched) and rekey (fresh DEK, body re-encrypted). */
import { draw, systemRandom } from "./bytes";
import { type FormatVersion, IV_SIZE, WRITE_VERSION } from "./constants";
import { linkPair, type ProtectOptions, proofPair, protect } from "./envelope";
import { HushnoteCryptoError } from "./errors";
import { saltOf } from "./header-v2";
import { decrypt, type Sealed, seal, type Unlocked, writeVersion } from "./seal";
import { unwrapDekBytes, wrapDek } from "./wrap";

/** New header, wrappedKey, verifier, proof and link verifier for the same DEK. */
export interface Rewrapped {
  header: string;
  wrappedKey: string;
  verifier: string;
  proof: string;
  linkVerifier: string | null;
}

/**
 * A v2 notepad keeps its salt for life (clients remember it and warn loudly when it changes), so rotation reuses it
 * unless the caller passes another; a v1 target draws a fresh one as v1 always has.
 */
function keptSalt(unlocked: Unlocked, next: ProtectOptions, version: FormatVersion): ProtectOptions {
  if (version === 1 || unlocked.header.kind !== "pad" || next.salt !== undefined) return next;
  const salt = saltOf(unlocked.header);
  return salt ? { ...next, salt } : next;
}

/**
 * Re-wraps the DEK under new secrets, in the envelope's own format version: the body's layout follows the header's
 * `v`, so a v1 envelope moves to v2 only by `rekey`. `next` describes the new secrets completely: pass `linkKey` to keep
 * a note's link working. Iterations default to DEFAULT_ITERATIONS (the KDF upgrade). Draws: salt (if drawn), wrap IV.
 */
export async function rewrap(unlocked: Unlocked, wrappedKey: string, next: ProtectOptions): Promise<Rewrapped> {
  const version = unlocked.header.v;
  if (next.version !== undefined && next.version !== version) {
    throw new HushnoteCryptoError(
      `rewrap keeps format v${version} (the body is not re-encrypted); use rekey to move to v${next.version}`,
    );
  }
  const random = next.random ?? systemRandom;
  const dekBytes = await unwrapDekBytes(unlocked, wrappedKey);
  try {
    const { kind, id, views, ttl } = unlocked.header;
    const p = await protect({ kind, id, views, ttl }, { ...keptSalt(unlocked, next, version), random, version }, false);
    const newWrapped = await wrapDek(p, dekBytes, draw(random, IV_SIZE));
    const { linkVerifier } = await linkPair(p.linkAuth);
    return { header: p.headerB64, wrappedKey: newWrapped, ...(await proofPair(p.authKey)), linkVerifier };
  } finally {
    dekBytes.fill(0);
  }
}

/**
 * Decrypts the body and seals it again under a fresh DEK and `next` secrets (a note gets a new link key unless given),
 * in `next.version`, by default the newer of the envelope's version and WRITE_VERSION; never a downgrade.
 * A v2 notepad needs `bodyVersion` = the version the save creates (expected version + 1).
 */
export async function rekey(
  unlocked: Unlocked,
  wrappedKey: string,
  body: Uint8Array,
  next: ProtectOptions & { bodyVersion?: number },
): Promise<Sealed> {
  const { kind, id, views, ttl, v } = unlocked.header;
  const version =
    next.version === undefined ? (Math.max(v, WRITE_VERSION) as FormatVersion) : writeVersion(next.version);
  if (version < v) throw new HushnoteCryptoError(`rekey never downgrades a v${v} envelope to v${version}`);
  if (version !== 1 && kind === "pad" && next.bodyVersion === undefined) {
    throw new HushnoteCryptoError(
      "a v2 notepad rekey needs bodyVersion: the version the save creates (expected version + 1)",
    );
  }
  const payload = await decrypt(unlocked, wrappedKey, body);
  return seal(payload, { ...keptSalt(unlocked, next, version), version, kind, id, views, ttl });
}
