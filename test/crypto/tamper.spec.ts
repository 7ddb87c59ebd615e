import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "../../crypto/base64url";
import {
  CorruptEnvelopeError,
  HushnoteCryptoError,
  open,
  type Payload,
  reseal,
  type Sealed,
  seal,
  UnsupportedVersionError,
  unlock,
  WrongKeyError,
} from "../../crypto/index";
import { filler, flipBit, replay, TEST_FLOOR, TEST_ITERATIONS } from "./helpers";

const RECORD = 65_536 + 16;
const ID = "tamperTAMPERtamperTAMQ";
const OTHER_ID = "otherOTHERotherOTHERoA";
// ~2.3 records of plaintext, so there are full, partial, first, middle and last records to attack.
const PAYLOAD: Payload = {
  text: "attack at dawn",
  tabs: [],
  files: [{ name: "f", type: "", bytes: filler(150_000, 7) }],
};
const KEY = filler(32, 1);

let sealed: Sealed;
const reopen = (changes: Partial<Sealed>) => open({ ...sealed, ...changes }, { linkKey: KEY });
const records = (body: Uint8Array) => {
  const out: Uint8Array[] = [];
  for (let at = 8; at < body.length; at += RECORD) out.push(body.subarray(at, at + RECORD));
  return out;
};
const join = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

beforeAll(async () => {
  sealed = await seal(PAYLOAD, { kind: "note", id: ID, views: 1, ttl: 3600, linkKey: KEY, version: 1 });
  expect(records(sealed.body)).toHaveLength(3);
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
    const [a, b, c] = records(sealed.body) as [Uint8Array, Uint8Array, Uint8Array];
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
