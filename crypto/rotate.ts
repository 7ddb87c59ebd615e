/** Key rotation: rewrap (new password or KDF parameters, body untouched) and rekey (fresh DEK, body re-encrypted). */
import { draw, systemRandom } from "./bytes";
import { IV_SIZE } from "./constants";
import { protect, proofPair, unwrapDekBytes, wrapDek, type ProtectOptions } from "./envelope";
import { decrypt, seal, type Sealed, type Unlocked } from "./seal";

/** New header, wrappedKey, verifier and proof for the same DEK. */
export interface Rewrapped { header: string; wrappedKey: string; verifier: string; proof: string }

/**
 * Re-wraps the DEK under new secrets. `next` describes the new secrets completely: no link key is generated or kept,
 * so pass `linkKey` to keep a note's link working. Iterations default to DEFAULT_ITERATIONS (the KDF upgrade).
 * Random draws, in order: salt (if needed), wrap IV.
 */
export async function rewrap(unlocked: Unlocked, wrappedKey: string, next: ProtectOptions): Promise<Rewrapped> {
  const random = next.random ?? systemRandom;
  const dekBytes = await unwrapDekBytes(unlocked.kek, wrappedKey, unlocked.headerB64);
  try {
    const { kind, id, views, ttl } = unlocked.header;
    const p = await protect({ kind, id, views, ttl }, { ...next, random }, false);
    const newWrapped = await wrapDek(p.kek, dekBytes, p.headerB64, draw(random, IV_SIZE));
    return { header: p.headerB64, wrappedKey: newWrapped, ...(await proofPair(p.authKey)) };
  } finally {
    dekBytes.fill(0);
  }
}

/** Decrypts the body and seals it again under a fresh DEK and `next` secrets (a note gets a new link key unless given). */
export async function rekey(unlocked: Unlocked, wrappedKey: string, body: Uint8Array, next: ProtectOptions): Promise<Sealed> {
  const payload = await decrypt(unlocked, wrappedKey, body);
  const { kind, id, views, ttl } = unlocked.header;
  return seal(payload, { ...next, kind, id, views, ttl });
}
