import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "../../crypto/base64url";
import {
  CorruptEnvelopeError,
  open,
  reseal,
  type Sealed,
  seal,
  UnsupportedVersionError,
  unlock,
  WrongKeyError,
} from "../../crypto/index";
import { filler, flipBit, replay, TEST_FLOOR, TEST_ITERATIONS } from "./helpers";
import { HEAD_V1, ID, join, KEY, OTHER_ID, PAYLOAD, RECORD, records, sealTarget } from "./tamper-target";

let sealed: Sealed;
const reopen = (changes: Partial<Sealed>) => open({ ...sealed, ...changes }, { linkKey: KEY });

beforeAll(async () => {
  sealed = await sealTarget(1);
});

describe("tampering with a sealed note", () => {
  it("rejects every single-bit flip of the header bytes with a typed error (200 runs)", async () => {
    const bytes = fromBase64Url(sealed.header)!;
    await fc.assert(
      fc.asyncProperty(fc.nat(bytes.length * 8 - 1), async (bit) => {
        const error = await reopen({ header: toBase64Url(flipBit(bytes, bit)) }).catch((e: unknown) => e);
        expect([WrongKeyError, CorruptEnvelopeError, UnsupportedVersionError].some((E) => error instanceof E)).toBe(
          true,
        );
      }),
      { numRuns: 200 },
    );
  });

  it("answers WrongKeyError for a changed view limit or ttl (the header is the wrapped key's AAD)", async () => {
    const json = Buffer.from(sealed.header, "base64url").toString();
    for (const altered of [json.replace('"views":1', '"views":9'), json.replace('"ttl":3600', '"ttl":null')]) {
      await expect(reopen({ header: Buffer.from(altered).toString("base64url") })).rejects.toThrow(WrongKeyError);
    }
  });

  it("answers WrongKeyError for every single-bit flip of the wrapped key (200 runs)", async () => {
    const bytes = fromBase64Url(sealed.wrappedKey)!;
    await fc.assert(
      fc.asyncProperty(fc.nat(bytes.length * 8 - 1), async (bit) => {
        await expect(reopen({ wrappedKey: toBase64Url(flipBit(bytes, bit)) })).rejects.toThrow(WrongKeyError);
      }),
      { numRuns: 200 },
    );
  });

  it("answers CorruptEnvelopeError for a wrapped key of the wrong length", async () => {
    await expect(reopen({ wrappedKey: sealed.wrappedKey.slice(0, 79) })).rejects.toThrow(CorruptEnvelopeError);
    await expect(reopen({ wrappedKey: `${sealed.wrappedKey}AA` })).rejects.toThrow(CorruptEnvelopeError);
  });

  it("answers CorruptEnvelopeError for every single-bit flip anywhere in the body (300 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(sealed.body.length * 8 - 1), async (bit) => {
        await expect(reopen({ body: flipBit(sealed.body, bit) })).rejects.toThrow(CorruptEnvelopeError);
      }),
      { numRuns: 300 },
    );
  });

  it("answers CorruptEnvelopeError for every bit of the nonce prefix", async () => {
    for (let bit = 0; bit < 64; bit++)
      await expect(reopen({ body: flipBit(sealed.body, bit) })).rejects.toThrow(CorruptEnvelopeError);
  });

  it("answers CorruptEnvelopeError when a record is dropped, duplicated or reordered", async () => {
    const prefix = sealed.body.subarray(0, 8);
    const [a, b, c] = records(sealed.body, HEAD_V1) as [Uint8Array, Uint8Array, Uint8Array];
    const bodies = [
      join(prefix, b, c),
      join(prefix, a, c),
      join(prefix, a, b),
      join(prefix, a, a, b, c),
      join(prefix, a, b, b, c),
      join(prefix, a, b, c, c),
      join(prefix, b, a, c),
      join(prefix, a, c, b),
      join(prefix, a),
    ];
    for (const body of bodies) await expect(reopen({ body })).rejects.toThrow(CorruptEnvelopeError);
  });

  it("answers CorruptEnvelopeError when the body is truncated or extended by any amount (200 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: sealed.body.length - 1 }),
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        async (cut, extra) => {
          await expect(reopen({ body: sealed.body.subarray(0, cut) })).rejects.toThrow(CorruptEnvelopeError);
          await expect(reopen({ body: join(sealed.body, extra) })).rejects.toThrow(CorruptEnvelopeError);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("answers CorruptEnvelopeError for a body spliced from another note sealed under the same DEK and prefix", async () => {
    // Replaying the same randomness gives both notes one DEK and one nonce prefix: only the id in the AAD differs.
    const draws = [filler(32, 11), filler(12, 12), filler(8, 13)];
    const mine = await seal(PAYLOAD, {
      kind: "note",
      id: ID,
      views: 1,
      ttl: 60,
      linkKey: KEY,
      random: replay(draws),
      version: 1,
    });
    const theirs = await seal(PAYLOAD, {
      kind: "note",
      id: OTHER_ID,
      views: 1,
      ttl: 60,
      linkKey: KEY,
      random: replay(draws),
      version: 1,
    });
    await expect(open({ ...mine, body: theirs.body }, { linkKey: KEY })).rejects.toThrow(CorruptEnvelopeError);
    await expect(
      open(
        { ...mine, body: join(mine.body.subarray(0, 8 + RECORD), theirs.body.subarray(8 + RECORD)) },
        { linkKey: KEY },
      ),
    ).rejects.toThrow(CorruptEnvelopeError);
  });

  it("answers CorruptEnvelopeError for records mixed from two saves of one notepad (same DEK, fresh prefix)", async () => {
    const pad = await seal(PAYLOAD, {
      kind: "pad",
      id: "mixed",
      views: null,
      ttl: null,
      password: "pw",
      iterations: TEST_ITERATIONS,
      ...TEST_FLOOR,
      version: 1,
    });
    const unlocked = await unlock(pad.header, { password: "pw" }, TEST_FLOOR);
    const second = await reseal(unlocked, pad.wrappedKey, PAYLOAD);
    const mixed = join(pad.body.subarray(0, 8 + RECORD), second.subarray(8 + RECORD));
    await expect(open({ ...pad, body: mixed }, { password: "pw" }, TEST_FLOOR)).rejects.toThrow(CorruptEnvelopeError);
    await expect(open({ ...pad, body: second }, { password: "pw" }, TEST_FLOOR)).resolves.toBeTruthy();
  });

  it("answers WrongKeyError when the header is moved to another note's id", async () => {
    const json = Buffer.from(sealed.header, "base64url").toString().replace(ID, OTHER_ID);
    await expect(reopen({ header: Buffer.from(json).toString("base64url") })).rejects.toThrow(WrongKeyError);
  });
});
