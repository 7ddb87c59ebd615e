/** Format v1: opening a sealed note with the wrong secrets, or none, fails with a typed error and never a payload. */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { HushnoteCryptoError, open, type Sealed, seal, WrongKeyError } from "../../crypto/index";
import { TEST_FLOOR, TEST_ITERATIONS } from "./helpers";
import { KEY, OTHER_ID, PAYLOAD, RECORD, sealTarget } from "./tamper-target";

let sealed: Sealed;
const reopen = (changes: Partial<Sealed>) => open({ ...sealed, ...changes }, { linkKey: KEY });

beforeAll(async () => {
  sealed = await sealTarget(1);
});

describe("wrong or missing secrets", () => {
  it("answers WrongKeyError for any other link key (50 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), async (key) => {
        fc.pre(!Buffer.from(key).equals(KEY));
        await expect(open(sealed, { linkKey: key })).rejects.toThrow(WrongKeyError);
      }),
      { numRuns: 50 },
    );
  });

  it("answers WrongKeyError for a missing or short link key, a wrong or missing password", async () => {
    await expect(open(sealed, {})).rejects.toThrow(WrongKeyError);
    await expect(open(sealed, { linkKey: KEY.subarray(0, 31) })).rejects.toThrow(WrongKeyError);
    const both = await seal(PAYLOAD, {
      kind: "note",
      id: OTHER_ID,
      views: 1,
      ttl: 60,
      linkKey: KEY,
      password: "Pässword",
      iterations: TEST_ITERATIONS,
      ...TEST_FLOOR,
      version: 1,
    });
    await expect(open(both, { linkKey: KEY, password: "password" }, TEST_FLOOR)).rejects.toThrow(WrongKeyError);
    await expect(open(both, { linkKey: KEY }, TEST_FLOOR)).rejects.toThrow(WrongKeyError);
    await expect(open(both, { password: "Pässword" }, TEST_FLOOR)).rejects.toThrow(WrongKeyError);
    await expect(open(both, { linkKey: KEY, stretched: new Uint8Array(32) }, TEST_FLOOR)).rejects.toThrow(
      WrongKeyError,
    );
  });

  it("never resolves to an empty or partial payload: every failure is a HushnoteCryptoError", async () => {
    const attempts = [
      () => reopen({ body: sealed.body.subarray(0, 8 + RECORD) }),
      () => reopen({ body: new Uint8Array(0) }),
      () => open(sealed, { linkKey: new Uint8Array(32) }),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toBeInstanceOf(HushnoteCryptoError);
  });
});
