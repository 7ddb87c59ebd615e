/** Format v2: a reader refusing KDF parameters a server chose (a foreign note salt, too few iterations). */
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import {
  CorruptEnvelopeError,
  checkHeader,
  decodeHeader,
  noteSalt,
  open,
  seal,
  UnsupportedVersionError,
  unlock,
} from "../../crypto/index";
import { fast } from "./fixtures";
import { filler, TEST_FLOOR } from "./helpers";
import { ASKED, b64, ID, json, PAYLOAD } from "./tamper-target";

describe("format v2: a server choosing the KDF parameters", () => {
  it("refuses a note header whose salt is not derived from its id (CorruptEnvelopeError), before any password work", async () => {
    const note = await seal(PAYLOAD, {
      kind: "note",
      id: ID,
      views: 1,
      ttl: 60,
      linkKey: null,
      password: "pw",
      version: 2,
      ...fast,
    });
    const salt = toBase64Url(await noteSalt(ID));
    const swapped = b64(json(note.header).replace(salt, toBase64Url(filler(16, 9))));
    await expect(unlock(swapped, { password: "pw" }, { ...TEST_FLOOR, expect: ASKED })).rejects.toThrow(
      /server altered the salt/,
    );
    // Even a caller holding an already stretched key is refused: the check is on the header, not on the secret.
    await expect(unlock(swapped, { stretched: filler(32, 2) }, TEST_FLOOR)).rejects.toThrow(CorruptEnvelopeError);
    // A page that stretches in a Web Worker checks the header first, with no secret at all.
    await expect(checkHeader(decodeHeader(swapped), { ...TEST_FLOOR, expect: ASKED })).rejects.toThrow(
      /server altered the salt/,
    );
    await expect(checkHeader(decodeHeader(note.header), { ...TEST_FLOOR, expect: ASKED })).resolves.toBeUndefined();
  });

  it("refuses a v2 header below 600,000 iterations (UnsupportedVersionError), while v1 keeps accepting 310,000", async () => {
    const stretched = filler(32, 4);
    const weak = await seal(PAYLOAD, {
      kind: "note",
      id: ID,
      views: 1,
      ttl: 60,
      linkKey: null,
      version: 2,
      stretched,
      salt: await noteSalt(ID),
      iterations: 310_000,
      minIterations: 310_000,
    });
    await expect(unlock(weak.header, { stretched })).rejects.toThrow(UnsupportedVersionError);
    await expect(open(weak, { stretched }, { minIterations: 310_000 })).resolves.toBeTruthy();
    const v1 = await seal(PAYLOAD, {
      kind: "note",
      id: ID,
      views: 1,
      ttl: 60,
      linkKey: null,
      version: 1,
      stretched,
      salt: filler(16, 5),
      iterations: 310_000,
    });
    await expect(open(v1, { stretched })).resolves.toBeTruthy();
  });
});
