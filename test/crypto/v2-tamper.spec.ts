import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "../../crypto/base64url";
import {
  CorruptEnvelopeError,
  checkHeader,
  decodeHeader,
  HeaderMismatchError,
  HushnoteCryptoError,
  noteSalt,
  open,
  openVersioned,
  type Payload,
  RollbackError,
  reseal,
  type Sealed,
  seal,
  UnsupportedVersionError,
  unlock,
  WrongKeyError,
} from "../../crypto/index";
import { filler, flipBit, TEST_FLOOR, TEST_ITERATIONS } from "./helpers";

const RECORD = 65_536 + 16;
const HEAD = 36;
const ID = "tamperTAMPERtamperTAMQ";
const OTHER_ID = "otherOTHERotherOTHERoA";
// ~2.3 records of plaintext, so there are full, partial, first, middle and last records to attack.
const PAYLOAD: Payload = {
  text: "attack at dawn",
  tabs: [],
  files: [{ name: "f", type: "", bytes: filler(150_000, 7) }],
};
const KEY = filler(32, 1);
const ASKED = { kind: "note", id: ID, minVersion: 2 } as const;
const fast = { iterations: TEST_ITERATIONS, ...TEST_FLOOR };

let sealed: Sealed;
const reopen = (changes: Partial<Sealed>) => open({ ...sealed, ...changes }, { linkKey: KEY }, { expect: ASKED });
const records = (body: Uint8Array) => {
  const out: Uint8Array[] = [];
  for (let at = HEAD; at < body.length; at += RECORD) out.push(body.subarray(at, at + RECORD));
  return out;
};
const join = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const json = (header: string) => Buffer.from(header, "base64url").toString();
const b64 = (text: string) => Buffer.from(text).toString("base64url");

beforeAll(async () => {
  sealed = await seal(PAYLOAD, { kind: "note", id: ID, views: 1, ttl: 3600, linkKey: KEY, version: 2 });
  expect(records(sealed.body)).toHaveLength(3);
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
    const [a, b, c] = records(sealed.body) as [Uint8Array, Uint8Array, Uint8Array];
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

describe("format v2: notepad saves under one DEK", () => {
  let pad: Sealed;
  const saves: Uint8Array[] = [];
  beforeAll(async () => {
    pad = await seal(PAYLOAD, {
      kind: "pad",
      id: "rollback",
      views: null,
      ttl: null,
      password: "pw",
      version: 2,
      ...fast,
    });
    const unlocked = await unlock(pad.header, { password: "pw" }, TEST_FLOOR);
    for (const version of [2, 3])
      saves.push(await reseal(unlocked, pad.wrappedKey, { ...PAYLOAD, text: `v${version}` }, { bodyVersion: version }));
  });
  const openPad = (body: Uint8Array, minBodyVersion?: number) =>
    openVersioned(
      { ...pad, body },
      { password: "pw" },
      { ...TEST_FLOOR, minBodyVersion, expect: { kind: "pad", id: "rollback" } },
    );

  it("reports each save's version, and refuses an older body than one already seen (RollbackError)", async () => {
    await expect(openPad(saves[1]!, 3)).resolves.toMatchObject({ bodyVersion: 3, payload: { text: "v3" } });
    await expect(openPad(saves[0]!, 3)).rejects.toThrow(RollbackError);
    await expect(openPad(pad.body, 2)).rejects.toThrow(RollbackError);
    await expect(openPad(saves[0]!, 2)).resolves.toMatchObject({ bodyVersion: 2 });
  });

  it("refuses a body whose version field was rewritten to pass the check: the version is in the subkey and every AAD", async () => {
    for (const version of [3, 4, 0xffff_ffff]) {
      const relabelled = new Uint8Array(saves[0]!);
      new DataView(relabelled.buffer).setUint32(0, version);
      await expect(openPad(relabelled, 3)).rejects.toThrow(CorruptEnvelopeError);
      await expect(openPad(relabelled, 3)).rejects.not.toThrow(RollbackError);
    }
  });

  it("refuses records spliced from two saves of one notepad", async () => {
    const big = { ...PAYLOAD, text: "big" };
    const unlocked = await unlock(pad.header, { password: "pw" }, TEST_FLOOR);
    const [a, b] = [
      await reseal(unlocked, pad.wrappedKey, big, { bodyVersion: 5 }),
      await reseal(unlocked, pad.wrappedKey, big, { bodyVersion: 5 }),
    ];
    await expect(openPad(join(a.subarray(0, HEAD + RECORD), b.subarray(HEAD + RECORD)))).rejects.toThrow(
      CorruptEnvelopeError,
    );
    await expect(openPad(join(b.subarray(0, HEAD), a.subarray(HEAD)))).rejects.toThrow(CorruptEnvelopeError);
  });

  it("never resolves to an empty or partial payload: every failure is a HushnoteCryptoError", async () => {
    const attempts = [
      () => openPad(pad.body.subarray(0, HEAD + 16)),
      () => openPad(new Uint8Array(0)),
      () => openPad(saves[0]!, 99),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toBeInstanceOf(HushnoteCryptoError);
  });
});
