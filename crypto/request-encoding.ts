/** Format v3 requests (docs/FORMAT.md §12): sizes, and the two link fragments, which hold secrets and no server data. */
import { fromBase64Url, toBase64Url } from "./base64url";
import { concat, source, utf8 } from "./bytes";
import { KEY_SIZE } from "./constants";
import { HushnoteCryptoError, WrongKeyError } from "./errors";
import { isNoteId } from "./header";

/** Bytes of a request id (22 base64url characters, the shape of a note id). */
export const REQUEST_ID_SIZE = 16;
/** Bytes of a P-256 private scalar `d` and of each coordinate of a point. */
export const SCALAR_SIZE = 32;
/** Bytes of an uncompressed P-256 public key: 0x04 ‖ X ‖ Y. */
export const PUBLIC_KEY_SIZE = 1 + 2 * SCALAR_SIZE;
/** Bytes of a request fingerprint (SHA-256). */
export const FINGERPRINT_SIZE = 32;
/** Bytes of a sealed answer key: E ‖ IV ‖ AES-GCM(K) ‖ tag. */
export const SEALED_KEY_SIZE = PUBLIC_KEY_SIZE + 12 + KEY_SIZE + 16;
/** Longest description in UTF-16 code units (a string's length, as an HTML maxlength counts). */
export const MAX_DESCRIPTION_LENGTH = 1000;
/** Bytes of the largest description ciphertext: IV ‖ at most 3 UTF-8 bytes per code unit ‖ tag (4,038 b64u chars). */
export const MAX_DESCRIPTION_SIZE = 12 + 3 * MAX_DESCRIPTION_LENGTH + 16;
/** Bytes behind a private link's fragment: d ‖ X ‖ Y ‖ manageToken. */
export const PRIVATE_LINK_SIZE = 3 * SCALAR_SIZE + KEY_SIZE;

/** What the asker's private link holds: the key pair and the manage token. */
export interface PrivateLinkKeys {
  d: Uint8Array;
  Q: Uint8Array;
  manageToken: Uint8Array;
}

/** What the request link the asker sends holds: the key's fingerprint and, if described, the description key. */
export interface RequestFragment {
  fp: Uint8Array;
  descriptionKey: Uint8Array | null;
}

/** Throws a plain error for a caller's mistake (a wrong-sized argument), never for data read from outside. */
export function expectSize(bytes: Uint8Array, size: number, what: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== size)
    throw new HushnoteCryptoError(`${what} must be ${size} bytes`);
}

/** Refuses ids that are not 22 base64url characters: they are in every label, so they are the caller's mistake. */
export function expectIds(id: string, noteId?: string): void {
  if (!isNoteId(id)) throw new HushnoteCryptoError("a request id must be 22 base64url characters (16 bytes)");
  if (noteId !== undefined && !isNoteId(noteId))
    throw new HushnoteCryptoError("a note id must be 22 base64url characters (16 bytes)");
}

/** AES-256-GCM parameters with a 16-byte tag and a label as AAD. */
export const gcm = (iv: Uint8Array, aad: string) => ({
  name: "AES-GCM",
  iv: source(iv),
  additionalData: utf8(aad),
  tagLength: 128,
});

/** A fragment as typed or read from location.hash: one leading "#" is allowed. */
const bare = (fragment: unknown) =>
  typeof fragment === "string" ? (fragment.startsWith("#") ? fragment.slice(1) : fragment) : null;

/** Decodes one base64url field of a fragment that must be exactly `size` bytes; malformed secrets are wrong keys (§9). */
function field(text: string | undefined, size: number, what: string): Uint8Array {
  const bytes = text === undefined ? null : fromBase64Url(text);
  if (bytes?.length !== size) throw new WrongKeyError(`the ${what} is incomplete or malformed`);
  return bytes;
}

/** The private link's fragment: b64u(d ‖ X ‖ Y ‖ manageToken), 171 characters. */
export function encodePrivateLink(keys: PrivateLinkKeys): string {
  expectSize(keys.d, SCALAR_SIZE, "d");
  expectSize(keys.Q, PUBLIC_KEY_SIZE, "Q");
  expectSize(keys.manageToken, KEY_SIZE, "manageToken");
  if (keys.Q[0] !== 4) throw new HushnoteCryptoError("Q must be an uncompressed point");
  return toBase64Url(concat(keys.d, keys.Q.subarray(1), keys.manageToken));
}

/** Reads a private link's fragment; the point is checked when the key is used (openAnswerKey). */
export function decodePrivateLink(fragment: string): PrivateLinkKeys {
  const bytes = field(bare(fragment) ?? undefined, PRIVATE_LINK_SIZE, "private link");
  return {
    d: bytes.slice(0, SCALAR_SIZE),
    Q: concat(Uint8Array.of(4), bytes.subarray(SCALAR_SIZE, 3 * SCALAR_SIZE)),
    manageToken: bytes.slice(3 * SCALAR_SIZE),
  };
}

/** The request link's fragment: b64u(fp), then "." and b64u(descriptionKey) when the request has a description. */
export function encodeRequestFragment(fp: Uint8Array, descriptionKey: Uint8Array | null): string {
  expectSize(fp, FINGERPRINT_SIZE, "fp");
  if (descriptionKey === null) return toBase64Url(fp);
  expectSize(descriptionKey, KEY_SIZE, "descriptionKey");
  return `${toBase64Url(fp)}.${toBase64Url(descriptionKey)}`;
}

/** Reads a request link's fragment: exactly one or two canonical fields. */
export function decodeRequestFragment(fragment: string): RequestFragment {
  const parts = (bare(fragment) ?? "").split(".");
  if (parts.length > 2) throw new WrongKeyError("the request link is malformed");
  return {
    fp: field(parts[0], FINGERPRINT_SIZE, "request link"),
    descriptionKey: parts.length === 2 ? field(parts[1], KEY_SIZE, "request link's description key") : null,
  };
}
