import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "../../crypto/base64url";
import {
  decodeHeader,
  decryptVersioned,
  encodePayload,
  noteSalt,
  type Payload,
  RECORD_SIZE,
  type SealOptions,
  seal,
  unlock,
} from "../../crypto/index";
import { fast } from "./fixtures";
import { count, linkKey, noteId, padSlug, password, payload, TEST_FLOOR } from "./helpers";

const sha256 = async (b: Uint8Array) =>
  new Uint8Array(await crypto.subtle.digest("SHA-256", b as Uint8Array<ArrayBuffer>));
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
