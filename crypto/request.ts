/** Format v3 requests (docs/FORMAT.md §12): the asker's key pair and fingerprint, and the sealed answer key. */
import { fromBase64Url, toBase64Url } from "./base64url";
import { concat, draw, fromBase64UrlExact, type Random, source, systemRandom, utf8 } from "./bytes";
import { IV_SIZE, KEY_SIZE } from "./constants";
import { CorruptEnvelopeError, RequestKeyMismatchError, WrongKeyError } from "./errors";
import { isNoteId } from "./header";
import {
  ephemeralKey,
  generateKeyPair,
  importPrivateKey,
  importPublicKey,
  type RequestKeyPair,
  sharedSecret,
} from "./request-ecdh";
import { expectIds, expectSize, gcm, PUBLIC_KEY_SIZE, REQUEST_ID_SIZE, SEALED_KEY_SIZE } from "./request-encoding";
import { constantTimeEqual } from "./wrap";

/** Everything the asker's client makes for a new request; only Q, the sealed description and SHA-256(manageToken) leave it. */
export interface NewRequest extends RequestKeyPair {
  id: string;
  fp: Uint8Array;
  manageToken: Uint8Array;
  /** Always drawn; it goes into the request link only when the request has a description. */
  descriptionKey: Uint8Array;
}

const requestLabel = (id: string) => `hushnote/v3/request/${id}`;
const answerLabel = (id: string, noteId: string) => `hushnote/v3/answer/${id}/${noteId}`;

/** fp = SHA-256(UTF-8("hushnote/v3/request/" ‖ id) ‖ Q): binds the asker's key to the request id. */
export async function requestFingerprint(id: string, Q: Uint8Array): Promise<Uint8Array> {
  expectIds(id);
  return new Uint8Array(await crypto.subtle.digest("SHA-256", concat(utf8(requestLabel(id)), Q)));
}

/**
 * proof = SHA-256(UTF-8("hushnote/v3/request-proof/") ‖ fp): what the answerer sends (Hushnote-Request-Proof) to
 * show it holds the request link, since the id alone is in both links' paths and so in history and logs.
 */
export async function requestProof(fp: Uint8Array): Promise<Uint8Array> {
  expectSize(fp, 32, "fp");
  return new Uint8Array(await crypto.subtle.digest("SHA-256", concat(utf8("hushnote/v3/request-proof/"), fp)));
}

/**
 * A new request. Random draws, in order: id (16), manageToken (32), descriptionKey (32). The key pair comes from the
 * platform's generator unless given (test vectors fix it, since Web Crypto cannot derive Q from a chosen d).
 */
export async function newRequest(random: Random = systemRandom, keyPair?: RequestKeyPair): Promise<NewRequest> {
  const id = toBase64Url(draw(random, REQUEST_ID_SIZE));
  const manageToken = draw(random, KEY_SIZE);
  const descriptionKey = draw(random, KEY_SIZE);
  if (keyPair) await importPrivateKey(keyPair);
  const { d, Q } = keyPair ?? (await generateKeyPair()).keys;
  return { id, d, Q, fp: await requestFingerprint(id, Q), manageToken, descriptionKey };
}

/**
 * The answerer's check, before anything is sealed: the key the server serves (b64u) must hash to the fingerprint in
 * the request link, else RequestKeyMismatchError; then it must be a valid point. Returns Q.
 */
export async function checkRequestKey(id: string, publicKey: string, fp: Uint8Array): Promise<Uint8Array> {
  expectSize(fp, 32, "fp");
  const Q = typeof publicKey === "string" ? fromBase64Url(publicKey) : null;
  if (!Q || !constantTimeEqual(await requestFingerprint(id, Q), fp))
    throw new RequestKeyMismatchError("the server's key for this request is not the asker's");
  await importPublicKey(Q, "the request's public key");
  return Q;
}

/** wrapKey = HKDF(Z, "hushnote/v3/hkdf", UTF-8(answer label) ‖ E ‖ Q, 32), as an AES-GCM key; Z is zeroed. */
async function wrapKey(Z: Uint8Array, label: string, E: Uint8Array, Q: Uint8Array, usage: "encrypt" | "decrypt") {
  const ikm = await crypto.subtle.importKey("raw", source(Z), "HKDF", false, ["deriveKey"]);
  Z.fill(0);
  const params = { name: "HKDF", hash: "SHA-256", salt: utf8("hushnote/v3/hkdf"), info: concat(utf8(label), E, Q) };
  return crypto.subtle.deriveKey(params, ikm, { name: "AES-GCM", length: 256 }, false, [usage]);
}

/**
 * Seals an answer note's link key K to the asker's Q (already checked with checkRequestKey): a fresh ephemeral pair
 * (or the one given, for vectors), ECDH, HKDF, AES-GCM bound to request and note. Draws the IV. Returns b64u of
 * E ‖ IV ‖ AES-GCM(wrapKey, IV, K, aad = "hushnote/v3/answer/" ‖ id ‖ "/" ‖ noteId) (125 bytes).
 */
export async function sealAnswerKey(
  id: string,
  noteId: string,
  Q: Uint8Array,
  K: Uint8Array,
  random: Random = systemRandom,
  ephemeral?: RequestKeyPair,
): Promise<string> {
  expectIds(id, noteId);
  expectSize(K, KEY_SIZE, "K");
  const asker = await importPublicKey(Q, "the request's public key");
  const pair = ephemeral ? { Q: ephemeral.Q, privateKey: await importPrivateKey(ephemeral) } : await ephemeralKey();
  const E = pair.Q;
  const label = answerLabel(id, noteId);
  const key = await wrapKey(await sharedSecret(pair.privateKey, asker), label, E, Q, "encrypt");
  const iv = draw(random, IV_SIZE);
  const sealed = new Uint8Array(await crypto.subtle.encrypt(gcm(iv, label), key, source(K)));
  return toBase64Url(concat(E, iv, sealed));
}

/**
 * The asker opens a sealed answer key to K. CorruptEnvelopeError: malformed, or E not a valid point. WrongKeyError: a
 * wrong or damaged private key, an altered sealed key, or one bound to another request or note.
 */
export async function openAnswerKey(
  id: string,
  noteId: string,
  d: Uint8Array,
  Q: Uint8Array,
  sealedKey: string,
): Promise<Uint8Array> {
  expectIds(id);
  // The note id comes from the server's answer list, so a bad one is corrupt data, not the caller's mistake.
  if (!isNoteId(noteId)) throw new CorruptEnvelopeError("an answer's note id is malformed");
  const bytes = fromBase64UrlExact(sealedKey, SEALED_KEY_SIZE, "sealedKey");
  const E = bytes.subarray(0, PUBLIC_KEY_SIZE);
  const iv = bytes.subarray(PUBLIC_KEY_SIZE, PUBLIC_KEY_SIZE + IV_SIZE);
  const ephemeral = await importPublicKey(E, "the sealed key's ephemeral point");
  const privateKey = await importPrivateKey({ d, Q });
  const label = answerLabel(id, noteId);
  const key = await wrapKey(await sharedSecret(privateKey, ephemeral), label, E, Q, "decrypt");
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt(gcm(iv, label), key, source(bytes.subarray(PUBLIC_KEY_SIZE + IV_SIZE))),
    );
  } catch {
    throw new WrongKeyError("the private link is wrong, or the sealed key was altered or belongs to another answer");
  }
}
