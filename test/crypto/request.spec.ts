/** Format v3 requests (docs/FORMAT.md §12): round trips, the fingerprint check, and refusals with typed errors. */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import {
  CorruptEnvelopeError,
  checkRequestKey,
  decodePrivateLink,
  decodeRequestFragment,
  encodePrivateLink,
  encodeRequestFragment,
  HushnoteCryptoError,
  type NewRequest,
  newRequest,
  openAnswerKey,
  RequestKeyMismatchError,
  requestFingerprint,
  SEALED_KEY_SIZE,
  sealAnswerKey,
  WrongKeyError,
} from "../../crypto/index";
import { flipBit, linkKey, noteId } from "./helpers";

const b64 = (bytes: Uint8Array) => toBase64Url(bytes);
const NOTE = "pTEx6WUWkq5C6mEr-qKBOA";
const OTHER_NOTE = "AAAAAAAAAAAAAAAAAAAAAA";
const K = new Uint8Array(32).fill(7);

let asker: NewRequest;
let other: NewRequest;
let sealed: string;
beforeAll(async () => {
  [asker, other] = await Promise.all([newRequest(), newRequest()]);
  sealed = await sealAnswerKey(asker.id, NOTE, asker.Q, K);
});

/** Q with its last coordinate byte changed: almost surely off the curve. */
const offCurve = (Q: Uint8Array) => {
  const bad = new Uint8Array(Q);
  bad[64]! ^= 1;
  return bad;
};

describe("a request and its answer", () => {
  it("seals K to the asker's key and opens it with the private link alone", async () => {
    const Q = await checkRequestKey(asker.id, b64(asker.Q), asker.fp);
    expect(Q).toEqual(asker.Q);
    expect(sealed).toHaveLength(167);
    const keys = decodePrivateLink(`#${encodePrivateLink(asker)}`);
    expect(await openAnswerKey(asker.id, NOTE, keys.d, keys.Q, sealed)).toEqual(K);
    expect(keys.manageToken).toEqual(asker.manageToken);
  });

  it("draws a fresh ephemeral key and IV for every answer", async () => {
    const again = await sealAnswerKey(asker.id, NOTE, asker.Q, K);
    expect(again.slice(0, 87)).not.toBe(sealed.slice(0, 87));
    expect(await openAnswerKey(asker.id, NOTE, asker.d, asker.Q, again)).toEqual(K);
  });

  it("makes distinct ids, tokens and keys, and a fingerprint of id and key", async () => {
    expect(asker.id).not.toBe(other.id);
    expect(asker.Q).toHaveLength(65);
    expect(asker.Q[0]).toBe(4);
    expect(asker.fp).toEqual(await requestFingerprint(asker.id, asker.Q));
    expect(asker.fp).not.toEqual(await requestFingerprint(other.id, asker.Q));
    expect(asker.descriptionKey).not.toEqual(asker.manageToken);
  });

  it("round-trips any ids and link keys (property, 25 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(noteId, linkKey, async (note, key) => {
        const r = await newRequest();
        const keys = decodePrivateLink(encodePrivateLink(r));
        const Q = await checkRequestKey(r.id, b64(r.Q), decodeRequestFragment(encodeRequestFragment(r.fp, null)).fp);
        const box = await sealAnswerKey(r.id, note, Q, key);
        expect(await openAnswerKey(r.id, note, keys.d, keys.Q, box)).toEqual(key);
      }),
      { numRuns: 25 },
    );
  });
});

describe("the answering client's check of the served key", () => {
  it("refuses another key, another request's key, or garbage with RequestKeyMismatchError", async () => {
    for (const served of [b64(other.Q), b64(offCurve(asker.Q)), "", "not base64url!", b64(asker.Q.subarray(1))]) {
      await expect(checkRequestKey(asker.id, served, asker.fp)).rejects.toThrow(RequestKeyMismatchError);
    }
    // The right key under another request's id: the id is hashed in.
    await expect(checkRequestKey(other.id, b64(asker.Q), asker.fp)).rejects.toThrow(RequestKeyMismatchError);
    const mismatch = await checkRequestKey(asker.id, b64(other.Q), asker.fp).catch((e: unknown) => e);
    expect(mismatch).toBeInstanceOf(HushnoteCryptoError);
    expect(mismatch).not.toBeInstanceOf(CorruptEnvelopeError);
    expect((mismatch as Error).name).toBe("RequestKeyMismatchError");
  });

  it("refuses a point off the curve, or not uncompressed, even when its fingerprint matches", async () => {
    const compressed = new Uint8Array([2, ...asker.Q.subarray(1, 33)]);
    for (const Q of [offCurve(asker.Q), compressed, new Uint8Array(65).fill(0, 0).fill(4, 0, 1)]) {
      const fp = await requestFingerprint(asker.id, Q);
      await expect(checkRequestKey(asker.id, b64(Q), fp)).rejects.toThrow(CorruptEnvelopeError);
      await expect(sealAnswerKey(asker.id, NOTE, Q, K)).rejects.toThrow(CorruptEnvelopeError);
    }
  });
});

describe("opening a sealed key", () => {
  it("refuses another private key, or a private key that is not the link's, with WrongKeyError", async () => {
    await expect(openAnswerKey(asker.id, NOTE, other.d, other.Q, sealed)).rejects.toThrow(WrongKeyError);
    await expect(openAnswerKey(asker.id, NOTE, other.d, asker.Q, sealed)).rejects.toThrow(WrongKeyError);
    const n = Buffer.from("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", "hex");
    for (const d of [new Uint8Array(32), new Uint8Array(n), new Uint8Array(31)]) {
      await expect(openAnswerKey(asker.id, NOTE, d, asker.Q, sealed)).rejects.toThrow(WrongKeyError);
    }
  });

  it("binds the sealed key to its request and note ids (AAD and info)", async () => {
    await expect(openAnswerKey(asker.id, OTHER_NOTE, asker.d, asker.Q, sealed)).rejects.toThrow(WrongKeyError);
    const moved = await sealAnswerKey(other.id, NOTE, asker.Q, K);
    await expect(openAnswerKey(asker.id, NOTE, asker.d, asker.Q, moved)).rejects.toThrow(WrongKeyError);
  });

  it("refuses every flipped bit: WrongKeyError after E, a typed error within E", async () => {
    const bytes = new Uint8Array(Buffer.from(sealed, "base64url"));
    for (let bit = 0; bit < SEALED_KEY_SIZE * 8; bit += 7) {
      const open = openAnswerKey(asker.id, NOTE, asker.d, asker.Q, b64(flipBit(bytes, bit)));
      await expect(open).rejects.toThrow(bit >= 65 * 8 ? WrongKeyError : HushnoteCryptoError);
    }
  });

  it("refuses a malformed sealed key, an off-curve E or a malformed note id as corrupt", async () => {
    const bytes = new Uint8Array(Buffer.from(sealed, "base64url"));
    const badE = new Uint8Array(bytes);
    badE.set(offCurve(bytes.subarray(0, 65)));
    const shapes = [sealed.slice(0, -1), `${sealed}A`, `${sealed.slice(0, -1)}=`, "", b64(badE)];
    for (const box of shapes) {
      await expect(openAnswerKey(asker.id, NOTE, asker.d, asker.Q, box)).rejects.toThrow(CorruptEnvelopeError);
    }
    await expect(openAnswerKey(asker.id, "short", asker.d, asker.Q, sealed)).rejects.toThrow(CorruptEnvelopeError);
  });
});

describe("link fragments", () => {
  it("round-trip, with one leading # allowed", () => {
    const withDk = encodeRequestFragment(asker.fp, asker.descriptionKey);
    expect(withDk).toMatch(/^[\w-]{43}\.[\w-]{43}$/);
    expect(decodeRequestFragment(`#${withDk}`)).toEqual({ fp: asker.fp, descriptionKey: asker.descriptionKey });
    expect(decodeRequestFragment(encodeRequestFragment(asker.fp, null))).toEqual({
      fp: asker.fp,
      descriptionKey: null,
    });
    const priv = encodePrivateLink(asker);
    expect(priv).toMatch(/^[\w-]{171}$/);
    expect(decodePrivateLink(priv)).toEqual({ d: asker.d, Q: asker.Q, manageToken: asker.manageToken });
  });

  it("refuses malformed fragments with WrongKeyError", () => {
    const fp = b64(asker.fp);
    const dk = b64(asker.descriptionKey);
    for (const bad of [
      "",
      "#",
      fp.slice(1),
      `${fp}.`,
      `${fp}.${dk}.${dk}`,
      `${fp}.${dk.slice(1)}`,
      `${fp}=`,
      `##${fp}`,
    ]) {
      expect(() => decodeRequestFragment(bad)).toThrow(WrongKeyError);
    }
    const priv = encodePrivateLink(asker);
    for (const bad of ["", priv.slice(1), `${priv}A`, `${priv}.${dk}`]) {
      expect(() => decodePrivateLink(bad)).toThrow(WrongKeyError);
    }
  });
});
