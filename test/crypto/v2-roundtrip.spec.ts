import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "../../crypto/base64url";
import {
  decodeHeader,
  decryptVersioned,
  encodePayload,
  HushnoteCryptoError,
  noteSalt,
  open,
  openVersioned,
  type Payload,
  RECORD_SIZE,
  rekey,
  reseal,
  rewrap,
  type SealOptions,
  seal,
  unlock,
  WRITE_VERSION,
  WrongKeyError,
} from "../../crypto/index";
import { count, filler, linkKey, noteId, padSlug, password, payload, TEST_FLOOR, TEST_ITERATIONS } from "./helpers";

const sha256 = async (b: Uint8Array) =>
  new Uint8Array(await crypto.subtle.digest("SHA-256", b as Uint8Array<ArrayBuffer>));
const fast = { iterations: TEST_ITERATIONS, ...TEST_FLOOR };
const PAYLOAD: Payload = { text: "pad text", tabs: [{ title: "t", text: "x" }], files: [] };
const seen = { multiRecord: 0, withLink: 0, withPassword: 0 };

/** Seals in v2, checks every fixed size and derived value a server or reader relies on, opens with `expect`, compares. */
async function roundTrip(p: Payload, opts: SealOptions, secrets: { linkKey?: Uint8Array | null; password?: string }) {
  const sealed = await seal(p, { ...opts, version: 2 });
  const header = decodeHeader(sealed.header);
  expect(header).toMatchObject({
    v: 2,
    kind: opts.kind,
    id: opts.id,
    views: opts.views,
    ttl: opts.ttl,
    link: sealed.linkKey !== null,
  });
  expect(sealed.wrappedKey).toHaveLength(123);
  expect(fromBase64Url(sealed.verifier)).toEqual(await sha256(fromBase64Url(sealed.proof)!));
  const plain = encodePayload(p).length;
  const records = Math.max(1, Math.ceil(plain / RECORD_SIZE));
  expect(sealed.body.length).toBe(36 + plain + 16 * records);
  const bodyVersion = opts.bodyVersion ?? (opts.kind === "note" ? 0 : 1);
  expect(new DataView(sealed.body.buffer).getUint32(0)).toBe(bodyVersion);
  if (header.kind === "note" && header.kdf) expect(header.kdf.salt).toBe(toBase64Url(await noteSalt(header.id)));
  const reader = { ...secrets, linkKey: secrets.linkKey === undefined ? sealed.linkKey : secrets.linkKey };
  const unlocked = await unlock(sealed.header, reader, {
    ...TEST_FLOOR,
    expect: { kind: opts.kind, id: opts.id, minVersion: 2 },
  });
  expect(unlocked.proof).toBe(sealed.proof);
  if (sealed.linkKey) {
    expect(fromBase64Url(sealed.linkVerifier!)).toEqual(await sha256(fromBase64Url(unlocked.linkProof!)!));
  } else {
    expect([sealed.linkVerifier, unlocked.linkProof]).toEqual([null, null]);
  }
  const opened = await decryptVersioned(unlocked, sealed.wrappedKey, sealed.body, { minBodyVersion: bodyVersion });
  expect(opened.bodyVersion).toBe(bodyVersion);
  expect(Buffer.from(encodePayload(opened.payload)).equals(encodePayload(p))).toBe(true);
  seen.multiRecord += Number(records > 1);
  seen.withLink += Number(sealed.linkKey !== null);
  seen.withPassword += Number(header.kdf !== null);
  return sealed;
}

describe("format v2: seal → open round trip (fast-check, 500 runs in total)", () => {
  it("returns the exact payload for notes opened by a link key alone (150 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(
        payload,
        noteId,
        count,
        count,
        fc.option(linkKey, { nil: undefined }),
        async (p, id, views, ttl, key) => {
          await roundTrip(p, { kind: "note", id, views, ttl, linkKey: key }, {});
        },
      ),
      { numRuns: 150 },
    );
  });

  it("returns the exact payload for notes opened by a password alone, whose salt is derived from the id (150 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(payload, noteId, count, password, async (p, id, views, pw) => {
        await roundTrip(
          p,
          { kind: "note", id, views, ttl: 60, linkKey: null, password: pw, ...fast },
          { password: pw },
        );
      }),
      { numRuns: 150 },
    );
  });

  it("returns the exact payload for notes that need both, with a link verifier (100 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(payload, noteId, linkKey, password, async (p, id, key, pw) => {
        await roundTrip(
          p,
          { kind: "note", id, views: 1, ttl: null, linkKey: key, password: pw, ...fast },
          { linkKey: key, password: pw },
        );
      }),
      { numRuns: 100 },
    );
  });

  it("returns the exact payload and body version for notepads at any version (100 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(
        payload,
        padSlug,
        password,
        fc.integer({ min: 1, max: 0xffff_ffff }),
        async (p, slug, pw, version) => {
          await roundTrip(
            p,
            { kind: "pad", id: slug, views: null, ttl: null, password: pw, bodyVersion: version, ...fast },
            { password: pw },
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it("actually exercised multi-record bodies, link keys and passwords", () => {
    expect(seen.multiRecord).toBeGreaterThan(30);
    expect(seen.withLink).toBeGreaterThan(150);
    expect(seen.withPassword).toBeGreaterThan(200);
  });
});

describe("format v2: writing", () => {
  it("is what seal writes unless told otherwise (WRITE_VERSION), and no version but 1 or 2 can be asked for", async () => {
    expect(WRITE_VERSION).toBe(2);
    const sealed = await seal(PAYLOAD, { kind: "note", id: "AAAAAAAAAAAAAAAAAAAAAA", views: 1, ttl: 60 });
    expect(decodeHeader(sealed.header).v).toBe(WRITE_VERSION);
    await expect(
      seal(PAYLOAD, { kind: "note", id: "AAAAAAAAAAAAAAAAAAAAAA", views: 1, ttl: 60, version: 3 as 2 }),
    ).rejects.toThrow(/1 or 2/);
  });

  it("refuses fewer than 600,000 iterations without the test floor, a foreign salt for a note, and body versions that cannot be", async () => {
    const base = { kind: "note", id: "BBBBBBBBBBBBBBBBBBBBBA", views: 1, ttl: 60, version: 2 } as const;
    const stretched = filler(32, 1);
    await expect(
      seal(PAYLOAD, { ...base, stretched, salt: await noteSalt(base.id), iterations: 599_999 }),
    ).rejects.toThrow(/600000/);
    await expect(seal(PAYLOAD, { ...base, stretched, salt: filler(16, 2), iterations: 600_000 })).rejects.toThrow(
      /noteSalt/,
    );
    await expect(seal(PAYLOAD, { ...base, bodyVersion: 1 })).rejects.toThrow(/always 0/);
    await expect(
      seal(PAYLOAD, {
        kind: "pad",
        id: "p",
        views: null,
        ttl: null,
        version: 2,
        password: "pw",
        bodyVersion: 2 ** 32,
        ...fast,
      }),
    ).rejects.toThrow(HushnoteCryptoError);
  });

  it("accepts a stretched password computed elsewhere with noteSalt(id), as a Web Worker would", async () => {
    const id = "CCCCCCCCCCCCCCCCCCCCCA";
    const stretched = filler(32, 3);
    const sealed = await seal(PAYLOAD, {
      kind: "note",
      id,
      views: 1,
      ttl: 60,
      version: 2,
      linkKey: null,
      stretched,
      salt: await noteSalt(id),
      ...fast,
    });
    await expect(open(sealed, { stretched }, TEST_FLOOR)).resolves.toEqual(PAYLOAD);
  });
});

describe("format v2: saves and rotation", () => {
  const pad = (id: string) =>
    seal(PAYLOAD, { kind: "pad", id, views: null, ttl: null, version: 2, password: "pw", ...fast });
  const unlockPad = (header: string, pw = "pw") => unlock(header, { password: pw }, TEST_FLOOR);

  it("reseals a notepad save for the version it creates, under a fresh body salt, and demands that version", async () => {
    const sealed = await pad("save");
    const unlocked = await unlockPad(sealed.header);
    await expect(reseal(unlocked, sealed.wrappedKey, PAYLOAD)).rejects.toThrow(/bodyVersion/);
    const edited = { ...PAYLOAD, text: "edited" };
    const body = await reseal(unlocked, sealed.wrappedKey, edited, { bodyVersion: 2 });
    expect(Buffer.from(body.subarray(4, 36)).equals(sealed.body.subarray(4, 36))).toBe(false);
    await expect(openVersioned({ ...sealed, body }, { password: "pw" }, TEST_FLOOR)).resolves.toEqual({
      payload: edited,
      bodyVersion: 2,
    });
  });

  it("rewraps in place (same body, same salt, more iterations) and refuses to change the version", async () => {
    const sealed = await pad("rewrap");
    const unlocked = await unlockPad(sealed.header);
    const next = await rewrap(unlocked, sealed.wrappedKey, {
      password: "pw",
      iterations: TEST_ITERATIONS + 1,
      ...TEST_FLOOR,
    });
    expect(decodeHeader(next.header)).toMatchObject({
      v: 2,
      kdf: { salt: decodeHeader(sealed.header).kdf!.salt, iterations: TEST_ITERATIONS + 1 },
    });
    expect(next.linkVerifier).toBeNull();
    await expect(open({ ...next, body: sealed.body }, { password: "pw" }, TEST_FLOOR)).resolves.toEqual(PAYLOAD);
    await expect(rewrap(unlocked, sealed.wrappedKey, { password: "pw", version: 1, ...fast })).rejects.toThrow(/rekey/);
  });

  it("rekeys a password change: fresh DEK, same salt, the old password and old wrapped key are useless", async () => {
    const sealed = await pad("rekey");
    const unlocked = await unlockPad(sealed.header);
    await expect(rekey(unlocked, sealed.wrappedKey, sealed.body, { password: "new", ...fast })).rejects.toThrow(
      /bodyVersion/,
    );
    const fresh = await rekey(unlocked, sealed.wrappedKey, sealed.body, { password: "new", bodyVersion: 5, ...fast });
    expect(decodeHeader(fresh.header).kdf!.salt).toBe(decodeHeader(sealed.header).kdf!.salt);
    await expect(openVersioned(fresh, { password: "new" }, TEST_FLOOR)).resolves.toEqual({
      payload: PAYLOAD,
      bodyVersion: 5,
    });
    await expect(open(fresh, { password: "pw" }, TEST_FLOOR)).rejects.toThrow(WrongKeyError);
    // The new body is under a new DEK: the old wrapped key with the old password does not open it.
    await expect(open({ ...sealed, body: fresh.body }, { password: "pw" }, TEST_FLOOR)).rejects.toThrow(
      /does not authenticate/,
    );
  });

  it("moves a v1 envelope to v2 only by rekey (keeping a notepad's salt), and never back", async () => {
    const v1 = await seal(PAYLOAD, {
      kind: "pad",
      id: "upgrade",
      views: null,
      ttl: null,
      version: 1,
      password: "pw",
      ...fast,
    });
    const unlocked = await unlockPad(v1.header);
    await expect(rewrap(unlocked, v1.wrappedKey, { password: "pw", version: 2, ...fast })).rejects.toThrow(/rekey/);
    const v2 = await rekey(unlocked, v1.wrappedKey, v1.body, { password: "pw", version: 2, bodyVersion: 4, ...fast });
    expect(decodeHeader(v2.header)).toMatchObject({ v: 2, kdf: { salt: decodeHeader(v1.header).kdf!.salt } });
    await expect(openVersioned(v2, { password: "pw" }, TEST_FLOOR)).resolves.toEqual({
      payload: PAYLOAD,
      bodyVersion: 4,
    });
    const back = rekey(await unlockPad(v2.header), v2.wrappedKey, v2.body, { password: "pw", version: 1, ...fast });
    await expect(back).rejects.toThrow(/downgrade/);
  });

  it("rekeys a note to v2 with a fresh link key and a link verifier", async () => {
    const v1 = await seal(PAYLOAD, { kind: "note", id: "DDDDDDDDDDDDDDDDDDDDDA", views: 1, ttl: 60, version: 1 });
    const v2 = await rekey(await unlock(v1.header, { linkKey: v1.linkKey }), v1.wrappedKey, v1.body, { version: 2 });
    expect(v2.linkVerifier).toHaveLength(43);
    expect(Buffer.from(v2.linkKey!).equals(v1.linkKey!)).toBe(false);
    await expect(openVersioned(v2, { linkKey: v2.linkKey })).resolves.toEqual({ payload: PAYLOAD, bodyVersion: 0 });
  });

  it("keeps the reader's state plain data: the unlocked v2 state survives structured cloning (postMessage)", async () => {
    const sealed = await seal(PAYLOAD, { kind: "note", id: "EEEEEEEEEEEEEEEEEEEEEA", views: 1, ttl: 60, version: 2 });
    const unlocked = await unlock(sealed.header, { linkKey: sealed.linkKey });
    expect(unlocked.kek.extractable).toBe(false);
    await expect(decryptVersioned(structuredClone(unlocked), sealed.wrappedKey, sealed.body)).resolves.toEqual({
      payload: PAYLOAD,
      bodyVersion: 0,
    });
  });
});
