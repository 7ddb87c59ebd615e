/** The public read/write operations: seal, unlock, decrypt, open, and reseal (notepad save). */
import { draw, systemRandom, type Random } from "./bytes";
import { IV_SIZE, KEY_SIZE, MIN_ITERATIONS, NONCE_PREFIX_SIZE } from "./constants";
import { importDek, protect, proofPair, readerKeys, unwrapDek, wrapDek, type ProtectOptions, type Secrets } from "./envelope";
import { decodeHeader, type Header } from "./header";
import { decodePayload, encodePayload, type Payload } from "./payload";
import { decryptRecords, encryptRecords } from "./records";

/** What to seal and with which secrets. A note without `linkKey` gets a fresh one; `null` means none. */
export interface SealOptions extends ProtectOptions {
  kind: "note" | "pad";
  id: string;
  views: number | null;
  ttl: number | null;
}
/** Everything `POST /api/notes` or `PUT /api/pads/:slug` needs, plus the link key for the URL fragment. */
export interface Sealed { header: string; wrappedKey: string; verifier: string; proof: string; body: Uint8Array; linkKey: Uint8Array | null }
/** The reader's derived state after step one; plain data, so it survives postMessage. */
export interface Unlocked { header: Header; headerB64: string; proof: string; kek: CryptoKey }
/** Reader options; `minIterations` lowers the PBKDF2 floor and exists for tests only. */
export interface ReadOptions { minIterations?: number }

/** Encrypts a payload. Random draws, in order: link key (if generated), salt (if needed), DEK, wrap IV, nonce prefix. */
export async function seal(payload: Payload, opts: SealOptions): Promise<Sealed> {
  const random = opts.random ?? systemRandom;
  const plaintext = encodePayload(payload);
  const p = await protect(opts, { ...opts, random }, opts.kind === "note");
  const dekBytes = draw(random, KEY_SIZE);
  const wrappedKey = await wrapDek(p.kek, dekBytes, p.headerB64, draw(random, IV_SIZE));
  const dek = await importDek(dekBytes);
  const body = await encryptRecords(dek, p.header.id, plaintext, draw(random, NONCE_PREFIX_SIZE));
  return { header: p.headerB64, wrappedKey, ...(await proofPair(p.authKey)), body, linkKey: p.linkKey };
}

/** Step one of reading: checks the header and derives the KEK and the proof to send to the server. */
export async function unlock(headerB64: string, secrets: Secrets, opts: ReadOptions = {}): Promise<Unlocked> {
  const header = decodeHeader(headerB64);
  const { kek, authKey } = await readerKeys(header, secrets ?? {}, opts.minIterations ?? MIN_ITERATIONS);
  return { header, headerB64, proof: (await proofPair(authKey)).proof, kek };
}

/** Step two: opens the wrapped key (WrongKeyError) and the body (CorruptEnvelopeError); all or nothing. */
export async function decrypt(unlocked: Unlocked, wrappedKey: string, body: Uint8Array): Promise<Payload> {
  const dek = await unwrapDek(unlocked.kek, wrappedKey, unlocked.headerB64);
  return decodePayload(await decryptRecords(dek, unlocked.header.id, body));
}

/** unlock + decrypt in one call, for clients that already hold the whole envelope. */
export async function open(env: { header: string; wrappedKey: string; body: Uint8Array }, secrets: Secrets, opts: ReadOptions = {}): Promise<Payload> {
  return decrypt(await unlock(env.header, secrets, opts), env.wrappedKey, env.body);
}

/** Encrypts a new payload under the existing DEK with a fresh nonce prefix (notepad save: header and wrappedKey stay). */
export async function reseal(unlocked: Unlocked, wrappedKey: string, payload: Payload, opts: { random?: Random } = {}): Promise<Uint8Array> {
  const plaintext = encodePayload(payload);
  const dek = await unwrapDek(unlocked.kek, wrappedKey, unlocked.headerB64);
  return encryptRecords(dek, unlocked.header.id, plaintext, draw(opts.random ?? systemRandom, NONCE_PREFIX_SIZE));
}
