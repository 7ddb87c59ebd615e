/**
 * A notepad's device credential on the wire (`device`, docs/API.md): the pad's random 32-byte token (the pad stores
 * only its SHA-256) followed by a 16-byte tag, an HMAC under the instance's key bound to the notepad's address. The pad
 * decides whether a token is one of its devices; the tag only lets the edge tell a credential this instance issued
 * for this pad from a forged one before any object is asked, so forged ones cannot use a known device's rate lane.
 */
import { fromBase64Url, toBase64Url } from "../crypto/base64url";
import { digestsEqual, sha256 } from "./digest";
import { StatusError } from "./errors";
import { keyedHash } from "./keyed-hash";

const TOKEN_BYTES = 32;
const TAG_BYTES = 16;

/** What a request presents: the token's SHA-256 (what the pad compares) and whether the tag is this instance's. */
export interface Device {
  hash: ArrayBuffer;
  genuine: boolean;
}

/** The credential to hand out for a token the pad at `slug` has just stored: base64url of token ‖ tag (64 characters). */
export async function deviceCredential(token: Uint8Array, slug: string, env: Env): Promise<string> {
  const credential = new Uint8Array(TOKEN_BYTES + TAG_BYTES);
  credential.set(token);
  credential.set(await tag(token, slug, env), TOKEN_BYTES);
  return toBase64Url(credential);
}

/** The request's `device` field for the pad at `slug`, or null without one (or null); 400 when it is malformed. */
export async function presentedDevice(value: unknown, slug: string, env: Env): Promise<Device | null> {
  if (value === undefined || value === null) return null;
  const bytes = typeof value === "string" ? fromBase64Url(value) : null;
  if (!bytes || bytes.length !== TOKEN_BYTES + TAG_BYTES) {
    throw new StatusError(400, '"device" must be the 64-character device credential this server gave you.');
  }
  const token = bytes.slice(0, TOKEN_BYTES);
  const genuine = digestsEqual((await tag(token, slug, env)).slice().buffer, bytes.slice(TOKEN_BYTES).buffer);
  return { hash: await sha256(token), genuine };
}

async function tag(token: Uint8Array, slug: string, env: Env): Promise<Uint8Array> {
  // keyedHash names addresses too; "device" and a space never occur in an address prefix, so the two never meet.
  return fromBase64Url(await keyedHash(`device ${slug} ${toBase64Url(token)}`, env))!;
}
