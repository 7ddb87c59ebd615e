/** Format v3 request descriptions (docs/FORMAT.md §12): a short text only the request link's holder can read. */
import { fromBase64Url, toBase64Url } from "./base64url";
import { concat, draw, fromUtf8, isWellFormed, type Random, source, systemRandom, utf8 } from "./bytes";
import { IV_SIZE, KEY_SIZE, TAG_SIZE } from "./constants";
import { CorruptEnvelopeError, HushnoteCryptoError, WrongKeyError } from "./errors";
import { expectIds, expectSize, gcm, MAX_DESCRIPTION_LENGTH, MAX_DESCRIPTION_SIZE } from "./request-encoding";

const descriptionLabel = (id: string) => `hushnote/v3/description/${id}`;
const aesKey = (key: Uint8Array, usage: "encrypt" | "decrypt") =>
  crypto.subtle.importKey("raw", source(key), { name: "AES-GCM" }, false, [usage]);

/** desc = IV ‖ AES-GCM(Dk, IV, UTF-8(text), aad = "hushnote/v3/description/" ‖ id), as b64u. Draws the IV. */
export async function sealDescription(
  descriptionKey: Uint8Array,
  id: string,
  text: string,
  random: Random = systemRandom,
): Promise<string> {
  expectIds(id);
  expectSize(descriptionKey, KEY_SIZE, "descriptionKey");
  if (typeof text !== "string" || !isWellFormed(text) || text.length > MAX_DESCRIPTION_LENGTH)
    throw new HushnoteCryptoError(`a description is at most ${MAX_DESCRIPTION_LENGTH} characters of well-formed text`);
  const iv = draw(random, IV_SIZE);
  const sealed = await crypto.subtle.encrypt(
    gcm(iv, descriptionLabel(id)),
    await aesKey(descriptionKey, "encrypt"),
    utf8(text),
  );
  return toBase64Url(concat(iv, new Uint8Array(sealed)));
}

/** Opens a description: CorruptEnvelopeError if malformed, WrongKeyError if it does not authenticate. */
export async function openDescription(descriptionKey: Uint8Array, id: string, description: string): Promise<string> {
  expectIds(id);
  expectSize(descriptionKey, KEY_SIZE, "descriptionKey");
  const bytes = typeof description === "string" ? fromBase64Url(description) : null;
  if (!bytes || bytes.length < IV_SIZE + TAG_SIZE || bytes.length > MAX_DESCRIPTION_SIZE)
    throw new CorruptEnvelopeError(
      `a description must be ${IV_SIZE + TAG_SIZE}–${MAX_DESCRIPTION_SIZE} bytes of base64url`,
    );
  let plain: ArrayBuffer;
  try {
    const key = await aesKey(descriptionKey, "decrypt");
    plain = await crypto.subtle.decrypt(
      gcm(bytes.subarray(0, IV_SIZE), descriptionLabel(id)),
      key,
      source(bytes.subarray(IV_SIZE)),
    );
  } catch {
    throw new WrongKeyError("the request link's description key is wrong, or the description was altered");
  }
  const text = fromUtf8(new Uint8Array(plain), "the description");
  if (text.length > MAX_DESCRIPTION_LENGTH) throw new CorruptEnvelopeError("the description is too long");
  return text;
}
