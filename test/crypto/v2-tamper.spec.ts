import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "../../crypto/base64url";
import {
  CorruptEnvelopeError,
  HeaderMismatchError,
  open,
  type Sealed,
  seal,
  UnsupportedVersionError,
  unlock,
  WrongKeyError,
} from "../../crypto/index";
import { fast } from "./fixtures";
import { flipBit, TEST_FLOOR } from "./helpers";
import {
  ASKED,
  b64,
  HEAD_V2 as HEAD,
  ID,
  join,
  json,
  KEY,
  OTHER_ID,
  PAYLOAD,
  records,
  sealTarget,
} from "./tamper-target";

let sealed: Sealed;
const reopen = (changes: Partial<Sealed>) => open({ ...sealed, ...changes }, { linkKey: KEY }, { expect: ASKED });

beforeAll(async () => {
  sealed = await sealTarget(2);
});

describe("format v2: tampering with a sealed note", () => {
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

  it("answers WrongKeyError for every single-bit flip of the wrapped key, commitment included (300 runs)", async () => {
    const bytes = fromBase64Url(sealed.wrappedKey)!;
    await fc.assert(
      fc.asyncProperty(fc.nat(bytes.length * 8 - 1), async (bit) => {
        await expect(reopen({ wrappedKey: toBase64Url(flipBit(bytes, bit)) })).rejects.toThrow(WrongKeyError);
      }),
      { numRuns: 300 },
    );
  });

  it("checks the commitment before AES-GCM: an altered commitment alone is refused by the commitment check", async () => {
    const bytes = fromBase64Url(sealed.wrappedKey)!;
    for (const at of [0, 17, 31])
      await expect(reopen({ wrappedKey: toBase64Url(flipBit(bytes, at * 8)) })).rejects.toThrow(/commitment/);
    // A v1-sized (60-byte) wrapped key under a v2 header is malformed, not a wrong key.
    await expect(reopen({ wrappedKey: toBase64Url(bytes.subarray(32)) })).rejects.toThrow(CorruptEnvelopeError);
  });

  it("answers CorruptEnvelopeError for every single-bit flip anywhere in the body, version and body salt included (300 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.nat(HEAD * 8 - 1), fc.nat(sealed.body.length * 8 - 1)), async (bit) => {
        await expect(reopen({ body: flipBit(sealed.body, bit) })).rejects.toThrow(CorruptEnvelopeError);
      }),
      { numRuns: 300 },
    );
  });

  it("answers CorruptEnvelopeError when a record is dropped, duplicated or reordered", async () => {
    const head = sealed.body.subarray(0, HEAD);
    const [a, b, c] = records(sealed.body, HEAD) as [Uint8Array, Uint8Array, Uint8Array];
    const bodies = [
      join(head, b, c),
      join(head, a, c),
      join(head, a, b),
      join(head, a, a, b, c),
      join(head, a, b, b, c),
      join(head, a, b, c, c),
      join(head, b, a, c),
      join(head, a, c, b),
      join(head, a),
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

  it("refuses a header for another note, another kind or an older format than the reader asked for (HeaderMismatchError)", async () => {
    const other = await seal(PAYLOAD, { kind: "note", id: OTHER_ID, views: 1, ttl: 3600, linkKey: KEY, version: 2 });
    await expect(open(other, { linkKey: KEY }, { expect: ASKED })).rejects.toThrow(HeaderMismatchError);
    await expect(open(sealed, { linkKey: KEY }, { expect: { kind: "pad", id: ID } })).rejects.toThrow(/not of the pad/);
    const v1 = await seal(PAYLOAD, { kind: "note", id: ID, views: 1, ttl: 3600, linkKey: KEY, version: 1 });
    await expect(open(v1, { linkKey: KEY }, { expect: ASKED })).rejects.toThrow(/downgrade/);
    await expect(open(v1, { linkKey: KEY }, { expect: { kind: "note", id: ID } })).resolves.toBeTruthy();
    // A header moved to another id without the reader's check still fails at the keys: every derivation names the id.
    await expect(
      open({ ...sealed, header: b64(json(sealed.header).replace(ID, OTHER_ID)) }, { linkKey: KEY }),
    ).rejects.toThrow(WrongKeyError);
  });

  it("refuses a header that drops the link key the reader holds, before deriving a proof from the password alone", async () => {
    const both = await seal(PAYLOAD, {
      kind: "note",
      id: ID,
      views: 1,
      ttl: 60,
      linkKey: KEY,
      password: "pw",
      version: 2,
      ...fast,
    });
    const stripped = b64(json(both.header).replace('"link":true', '"link":false'));
    await expect(unlock(stripped, { linkKey: KEY, password: "pw" }, { ...TEST_FLOOR, expect: ASKED })).rejects.toThrow(
      HeaderMismatchError,
    );
  });
});
