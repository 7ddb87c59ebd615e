import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromBase64Url } from "../../crypto/base64url";
import {
  decodeHeader,
  decrypt,
  encodePayload,
  HeaderMismatchError,
  open,
  type Payload,
  RECORD_SIZE,
  seal,
  unlock,
} from "../../crypto/index";
import { count, linkKey, noteId, padSlug, password, payload, TEST_FLOOR, TEST_ITERATIONS } from "./helpers";

const sha256 = async (b: Uint8Array) =>
  new Uint8Array(await crypto.subtle.digest("SHA-256", b as Uint8Array<ArrayBuffer>));

const seen = { empty: 0, multiRecord: 0, files: 0 };

/** Deep equality, with file bytes compared natively (element-wise matchers are slow on 200 KB arrays). */
function expectSamePayload(actual: Payload, expected: Payload) {
  expect({ ...actual, files: actual.files.map((f) => ({ ...f, bytes: f.bytes.length })) }).toEqual({
    ...expected,
    files: expected.files.map((f) => ({ ...f, bytes: f.bytes.length })),
  });
  actual.files.forEach((f, i) => {
    expect(Buffer.from(f.bytes).equals(expected.files[i]!.bytes)).toBe(true);
  });
}

/** Seals, checks every fixed size the Worker validates, opens, and compares. */
async function roundTrip(
  p: Parameters<typeof seal>[0],
  opts: Parameters<typeof seal>[1],
  secrets: Parameters<typeof open>[1],
) {
  const sealed = await seal(p, { ...opts, version: 1 });
  expect(sealed.wrappedKey).toHaveLength(80);
  expect(sealed.proof).toHaveLength(43);
  expect(sealed.verifier).toHaveLength(43);
  expect(fromBase64Url(sealed.verifier)).toEqual(await sha256(fromBase64Url(sealed.proof)!));
  const plain = encodePayload(p).length;
  const records = Math.max(1, Math.ceil(plain / RECORD_SIZE));
  expect(sealed.body.length).toBe(8 + plain + 16 * records);
  seen.multiRecord += Number(records > 1);
  seen.files += Number(p.files.length > 0);
  seen.empty += Number(p.text === "" && p.tabs.length === 0 && p.files.length === 0);
  const header = decodeHeader(sealed.header);
  expect(header).toMatchObject({
    v: 1,
    kind: opts.kind,
    id: opts.id,
    views: opts.views,
    ttl: opts.ttl,
    link: sealed.linkKey !== null,
  });
  const opened = await open(
    sealed,
    { ...secrets, linkKey: secrets.linkKey === undefined ? sealed.linkKey : secrets.linkKey },
    TEST_FLOOR,
  );
  expectSamePayload(opened, p);
  return sealed;
}

describe("seal → open round trip (fast-check, 1,100 runs in total)", () => {
  it("returns the exact payload for notes opened by a link key alone (400 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(
        payload,
        noteId,
        count,
        count,
        fc.option(linkKey, { nil: undefined }),
        async (p, id, views, ttl, key) => {
          const sealed = await roundTrip(p, { kind: "note", id, views, ttl, linkKey: key }, {});
          expect(decodeHeader(sealed.header).kdf).toBeNull();
          if (key) expect(sealed.linkKey).toEqual(key);
          else expect(sealed.linkKey).toHaveLength(32);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("returns the exact payload for notes opened by a password alone (300 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(payload, noteId, count, password, async (p, id, views, pw) => {
        const sealed = await roundTrip(
          p,
          { kind: "note", id, views, ttl: 60, linkKey: null, password: pw, iterations: TEST_ITERATIONS, ...TEST_FLOOR },
          { password: pw },
        );
        expect(sealed.linkKey).toBeNull();
        expect(decodeHeader(sealed.header)).toMatchObject({
          link: false,
          kdf: { name: "PBKDF2-SHA256", iterations: TEST_ITERATIONS },
        });
      }),
      { numRuns: 300 },
    );
  });

  it("returns the exact payload for notes that need both the link key and the password (300 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(payload, noteId, linkKey, password, async (p, id, key, pw) => {
        await roundTrip(
          p,
          {
            kind: "note",
            id,
            views: 1,
            ttl: null,
            linkKey: key,
            password: pw,
            iterations: TEST_ITERATIONS,
            ...TEST_FLOOR,
          },
          { linkKey: key, password: pw },
        );
      }),
      { numRuns: 300 },
    );
  });

  it("returns the exact payload for notepads opened by their password (100 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(payload, padSlug, password, async (p, slug, pw) => {
        const sealed = await roundTrip(
          p,
          { kind: "pad", id: slug, views: null, ttl: null, password: pw, iterations: TEST_ITERATIONS, ...TEST_FLOOR },
          { password: pw },
        );
        expect(sealed.linkKey).toBeNull();
      }),
      { numRuns: 100 },
    );
  });

  it("actually exercised empty, file and multi-record payloads", () => {
    expect(seen.empty).toBeGreaterThan(20);
    expect(seen.files).toBeGreaterThan(100);
    expect(seen.multiRecord).toBeGreaterThan(20);
  });
});

describe("two-step read", () => {
  it("derives the same proof as seal before seeing any server data, and survives structured cloning (postMessage)", async () => {
    const p = { text: "secret", tabs: [], files: [] };
    const sealed = await seal(p, { kind: "note", id: "AAAAAAAAAAAAAAAAAAAAAA", views: 1, ttl: 60, version: 1 });
    const unlocked = await unlock(sealed.header, { linkKey: sealed.linkKey });
    expect(unlocked.proof).toBe(sealed.proof);
    expect(unlocked.kek.extractable).toBe(false);
    await expect(decrypt(structuredClone(unlocked), sealed.wrappedKey, sealed.body)).resolves.toEqual(p);
  });

  it("refuses to derive a password-only proof when the reader's link carries a key, in v1 too (a server-swapped header)", async () => {
    const sealed = await seal(
      { text: "x", tabs: [], files: [] },
      {
        kind: "note",
        id: "BBBBBBBBBBBBBBBBBBBBBA",
        views: null,
        ttl: 60,
        linkKey: null,
        password: "pw",
        iterations: TEST_ITERATIONS,
        ...TEST_FLOOR,
        version: 1,
      },
    );
    await expect(open(sealed, { linkKey: new Uint8Array(32), password: "pw" }, TEST_FLOOR)).rejects.toThrow(
      HeaderMismatchError,
    );
    await expect(open(sealed, { password: "pw" }, TEST_FLOOR)).resolves.toMatchObject({ text: "x" });
  });
});
