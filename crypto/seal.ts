/** The public read/write operations: seal, unlock, decrypt, open, and reseal (notepad save). */

import { checkRollback, decryptBody, encryptBody, importDek } from "./body";
import { type Random, systemRandom } from "./bytes";
import { linkPair, type ProtectOptions, proofPair, readerKeys, type Secrets } from "./envelope";
import { HushnoteCryptoError } from "./errors";
import { decodeHeader, type Header } from "./header";
import { checkHeader, type Expected } from "./header-v2";
import { decodePayload, encodePayload, type Payload } from "./payload";
import { sealingKeys } from "./seal-keys";
import { unwrapDekBytes } from "./wrap";

export { writeVersion } from "./seal-keys";

/** What to seal and with which secrets. A note without `linkKey` gets a fresh one; `null` means none. */
export interface SealOptions extends ProtectOptions {
  kind: "note" | "pad";
  id: string;
  views: number | null;
  ttl: number | null;
  /**
   * v2 only (v1 bodies carry no version): the pad version this body becomes — 1 when creating a notepad (the default),
   * expected version + 1 when saving. Notes are always 0.
   */
  bodyVersion?: number;
}
/** Everything `POST /api/notes` or `PUT /api/pads/:slug` needs, plus the link key for the URL fragment. */
export interface Sealed {
  header: string;
  wrappedKey: string;
  verifier: string;
  proof: string;
  /** v2 notes with a link key: SHA-256(linkAuth), so the server counts wrong passwords only from link holders; else null. */
  linkVerifier: string | null;
  body: Uint8Array;
  linkKey: Uint8Array | null;
}
/** The reader's derived state after step one; plain data, so it survives postMessage. */
export interface Unlocked {
  header: Header;
  headerB64: string;
  proof: string;
  /** v2 notes with a link key: linkAuth, sent with `proof` to show the server this reader holds the link key; else null. */
  linkProof: string | null;
  kek: CryptoKey;
  /** v2: the key commitment this reader expects in front of the wrapped key (public: the server stores it too). */
  commit: Uint8Array | null;
}
/** Reader options. `expect` MUST be given by callers (docs/FORMAT.md §7); `minIterations` exists for tests only. */
export interface ReadOptions {
  minIterations?: number;
  expect?: Expected;
}
/** Body options: `minBodyVersion` is the highest notepad body version this client has seen (RollbackError below it). */
export interface DecryptOptions {
  minBodyVersion?: number;
}
/** A decrypted payload with the body version it was sealed for (null for v1 bodies, which carry none). */
export interface Opened {
  payload: Payload;
  bodyVersion: number | null;
}
/** A whole envelope as the server stores it. */
export interface Envelope {
  header: string;
  wrappedKey: string;
  body: Uint8Array;
}

/** Notepad save options: deterministic randomness (vectors only) and, for v2, the version the save creates. */
export interface ResealOptions {
  random?: Random;
  bodyVersion?: number;
}

/** Encrypts a payload. Random draws, in order: link key (if generated), salt (if drawn), DEK, wrap IV, body prefix or salt. */
export async function seal(payload: Payload, opts: SealOptions): Promise<Sealed> {
  const keys = await sealingKeys(opts, () => encodePayload(payload));
  const body = await encryptBody(keys.dek, keys.header, keys.checked, keys.bodyVersion, keys.random);
  return { ...keys.envelope, body };
}

/** Step one of reading: checks the header against what was asked for and derives the KEK and the proofs to send. */
export async function unlock(headerB64: string, secrets: Secrets, opts: ReadOptions = {}): Promise<Unlocked> {
  const header = decodeHeader(headerB64);
  await checkHeader(header, {
    expect: opts.expect,
    minIterations: opts.minIterations,
    holdsLinkKey: secrets?.linkKey != null,
  });
  const keys = await readerKeys(header, secrets ?? {});
  const { proof } = await proofPair(keys.authKey);
  const { linkProof } = await linkPair(keys.linkAuth);
  return { header, headerB64, proof, linkProof, kek: keys.kek, commit: keys.commit };
}

/**
 * Step two: checks the commitment and opens the wrapped key (WrongKeyError), then the body (CorruptEnvelopeError), then
 * its version against `minBodyVersion` (RollbackError); all or nothing.
 */
export async function decryptVersioned(
  unlocked: Unlocked,
  wrappedKey: string,
  body: Uint8Array,
  opts: DecryptOptions = {},
): Promise<Opened> {
  const dek = await importDek(await unwrapDekBytes(unlocked, wrappedKey), unlocked.header);
  const { plaintext, bodyVersion } = await decryptBody(dek, unlocked.header, body);
  try {
    checkRollback(bodyVersion, opts.minBodyVersion);
  } catch (error) {
    plaintext.fill(0);
    throw error;
  }
  return { payload: decodePayload(plaintext), bodyVersion };
}

/** Step two, payload only. */
export async function decrypt(
  unlocked: Unlocked,
  wrappedKey: string,
  body: Uint8Array,
  opts: DecryptOptions = {},
): Promise<Payload> {
  return (await decryptVersioned(unlocked, wrappedKey, body, opts)).payload;
}

/** unlock + decrypt in one call, for clients that already hold the whole envelope; returns the body version too. */
export async function openVersioned(
  env: Envelope,
  secrets: Secrets,
  opts: ReadOptions & DecryptOptions = {},
): Promise<Opened> {
  return decryptVersioned(await unlock(env.header, secrets, opts), env.wrappedKey, env.body, opts);
}

/** unlock + decrypt in one call, payload only. */
export async function open(env: Envelope, secrets: Secrets, opts: ReadOptions & DecryptOptions = {}): Promise<Payload> {
  return (await openVersioned(env, secrets, opts)).payload;
}

/**
 * Encrypts a new payload under the existing DEK; header and wrappedKey stay (notepad save). v1: fresh nonce prefix.
 * v2: fresh body salt, and `bodyVersion` (required for a notepad) = the version the save creates, expected + 1.
 */
export async function reseal(
  unlocked: Unlocked,
  wrappedKey: string,
  payload: Payload,
  opts: ResealOptions = {},
): Promise<Uint8Array> {
  const { header } = unlocked;
  if (header.v !== 1 && header.kind === "pad" && opts.bodyVersion === undefined) {
    throw new HushnoteCryptoError(
      "a v2 notepad save needs bodyVersion: the version the save creates (expected version + 1)",
    );
  }
  const plaintext = encodePayload(payload);
  const dek = await importDek(await unwrapDekBytes(unlocked, wrappedKey), header);
  return encryptBody(dek, header, plaintext, opts.bodyVersion ?? 0, opts.random ?? systemRandom);
}
