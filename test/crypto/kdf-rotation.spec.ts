import { pbkdf2Sync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_ITERATIONS,
  decodeHeader,
  generateLinkKey,
  generateNoteId,
  HushnoteCryptoError,
  isNoteId,
  MIN_ITERATIONS,
  open,
  rekey,
  reseal,
  rewrap,
  seal,
  stretchPassword,
  UnsupportedVersionError,
  unlock,
  WrongKeyError,
} from "../../crypto/index";
import { filler, TEST_FLOOR, TEST_ITERATIONS } from "./helpers";

const PAYLOAD = { text: "pad text", tabs: [{ title: "t", text: "x" }], files: [] };
const SALT = filler(16, 4);
const fast = { iterations: TEST_ITERATIONS, ...TEST_FLOOR };

describe("password stretching", () => {
  it("is PBKDF2-HMAC-SHA256 over the NFC form, 32 bytes (checked against node:crypto)", async () => {
    const expected = pbkdf2Sync(Buffer.from("Caf\u00e9", "utf8"), SALT, 1000, 32, "sha256");
    expect(Buffer.from(await stretchPassword("Cafe\u0301", SALT, 1000)).equals(expected)).toBe(true);
    expect(Buffer.from(await stretchPassword("Caf\u00e9", SALT, 1000)).equals(expected)).toBe(true);
  });

  it("refuses empty passwords, lone surrogates, short salts and absurd iteration counts", async () => {
    await expect(stretchPassword("", SALT, 1000)).rejects.toThrow(HushnoteCryptoError);
    await expect(stretchPassword("a\ud800", SALT, 1000)).rejects.toThrow(/surrogate/);
    await expect(stretchPassword("pw", SALT.subarray(0, 15), 1000)).rejects.toThrow(/salt/);
    await expect(stretchPassword("pw", SALT, 0)).rejects.toThrow(/iterations/);
    await expect(stretchPassword("pw", SALT, 20_000_000)).rejects.toThrow(/iterations/);
  });

  it("seals with 600,000 iterations by default and opens with the password or a stretched key computed elsewhere", async () => {
    const sealed = await seal(PAYLOAD, {
      kind: "pad",
      id: "real-kdf",
      views: null,
      ttl: null,
      password: "hunter2",
      version: 1,
    });
    const kdf = decodeHeader(sealed.header).kdf!;
    expect(kdf.iterations).toBe(DEFAULT_ITERATIONS);
    await expect(open(sealed, { password: "hunter2" })).resolves.toEqual(PAYLOAD);
    const stretched = await stretchPassword(
      "hunter2",
      new Uint8Array(Buffer.from(kdf.salt, "base64url")),
      kdf.iterations,
    );
    await expect(open(sealed, { stretched })).resolves.toEqual(PAYLOAD);
  });

  it("seals with a stretched key and its salt (the Web Worker path) exactly as with the password", async () => {
    const stretched = await stretchPassword("pw", SALT, TEST_ITERATIONS);
    const sealed = await seal(PAYLOAD, {
      kind: "pad",
      id: "stretched",
      views: null,
      ttl: null,
      stretched,
      salt: SALT,
      ...fast,
      version: 1,
    });
    await expect(open(sealed, { password: "pw" }, TEST_FLOOR)).resolves.toEqual(PAYLOAD);
    await expect(
      seal(PAYLOAD, { kind: "pad", id: "stretched", views: null, ttl: null, stretched, ...fast, version: 1 }),
    ).rejects.toThrow(/salt/);
  });

  it("refuses fewer than 310,000 iterations unless the test-only floor is passed, on both sides", async () => {
    await expect(
      seal(PAYLOAD, {
        kind: "pad",
        id: "weak",
        views: null,
        ttl: null,
        password: "pw",
        iterations: MIN_ITERATIONS - 1,
        version: 1,
      }),
    ).rejects.toThrow(HushnoteCryptoError);
    const weak = await seal(PAYLOAD, {
      kind: "pad",
      id: "weak",
      views: null,
      ttl: null,
      password: "pw",
      ...fast,
      version: 1,
    });
    await expect(unlock(weak.header, { password: "pw" })).rejects.toThrow(UnsupportedVersionError);
    await expect(open(weak, { password: "pw" }, TEST_FLOOR)).resolves.toEqual(PAYLOAD);
  });
});

describe("sealing rules", () => {
  it("needs a link key or a password, and gives notepads a password only", async () => {
    await expect(
      seal(PAYLOAD, { kind: "note", id: generateNoteId(), views: 1, ttl: 60, linkKey: null, version: 1 }),
    ).rejects.toThrow(/link key, a password or both/);
    await expect(seal(PAYLOAD, { kind: "pad", id: "p", views: null, ttl: null, version: 1 })).rejects.toThrow(
      HushnoteCryptoError,
    );
    await expect(
      seal(PAYLOAD, {
        kind: "pad",
        id: "p",
        views: null,
        ttl: null,
        linkKey: generateLinkKey(),
        password: "pw",
        ...fast,
        version: 1,
      }),
    ).rejects.toThrow(/notepad/);
    await expect(
      seal(PAYLOAD, { kind: "note", id: generateNoteId(), views: 1, ttl: 60, password: "", version: 1 }),
    ).rejects.toThrow(/empty/);
    await expect(seal(PAYLOAD, { kind: "note", id: "not-a-note-id", views: 1, ttl: 60, version: 1 })).rejects.toThrow(
      /id/,
    );
  });

  it("generates 32-byte link keys and 22-character note ids from the CSPRNG", () => {
    const keys = new Set(Array.from({ length: 100 }, () => Buffer.from(generateLinkKey()).toString("hex")));
    expect(keys.size).toBe(100);
    expect(generateLinkKey()).toHaveLength(32);
    for (let i = 0; i < 100; i++) expect(isNoteId(generateNoteId())).toBe(true);
  });
});

describe("rotation", () => {
  it("rewraps to a new password: same body, new header, wrappedKey and verifier; the old password stops working", async () => {
    const sealed = await seal(PAYLOAD, {
      kind: "pad",
      id: "rotate",
      views: null,
      ttl: null,
      password: "old",
      ...fast,
      version: 1,
    });
    const unlocked = await unlock(sealed.header, { password: "old" }, TEST_FLOOR);
    const next = await rewrap(unlocked, sealed.wrappedKey, { password: "new", ...fast });
    expect(next.verifier).not.toBe(sealed.verifier);
    expect(decodeHeader(next.header).kdf!.salt).not.toBe(decodeHeader(sealed.header).kdf!.salt);
    await expect(open({ ...next, body: sealed.body }, { password: "new" }, TEST_FLOOR)).resolves.toEqual(PAYLOAD);
    await expect(open({ ...next, body: sealed.body }, { password: "old" }, TEST_FLOOR)).rejects.toThrow(WrongKeyError);
  });

  it("upgrades old KDF parameters to the default on rewrap", async () => {
    const sealed = await seal(PAYLOAD, {
      kind: "pad",
      id: "upgrade",
      views: null,
      ttl: null,
      password: "pw",
      ...fast,
      version: 1,
    });
    const next = await rewrap(await unlock(sealed.header, { password: "pw" }, TEST_FLOOR), sealed.wrappedKey, {
      password: "pw",
    });
    expect(decodeHeader(next.header).kdf!.iterations).toBe(DEFAULT_ITERATIONS);
    await expect(open({ ...next, body: sealed.body }, { password: "pw" })).resolves.toEqual(PAYLOAD);
  });

  it("rekeys a note: fresh DEK and link key, body re-encrypted, the old link key no longer opens it", async () => {
    const sealed = await seal(PAYLOAD, { kind: "note", id: generateNoteId(), views: 1, ttl: 60, version: 1 });
    const fresh = await rekey(
      await unlock(sealed.header, { linkKey: sealed.linkKey }),
      sealed.wrappedKey,
      sealed.body,
      {},
    );
    expect(Buffer.from(fresh.linkKey!).equals(sealed.linkKey!)).toBe(false);
    expect(Buffer.from(fresh.body).equals(sealed.body)).toBe(false);
    await expect(open(fresh, { linkKey: fresh.linkKey })).resolves.toEqual(PAYLOAD);
    await expect(open(fresh, { linkKey: sealed.linkKey })).rejects.toThrow(WrongKeyError);
  });

  it("reseals a notepad save under the same DEK with a fresh nonce prefix", async () => {
    const sealed = await seal(PAYLOAD, {
      kind: "pad",
      id: "save",
      views: null,
      ttl: null,
      password: "pw",
      ...fast,
      version: 1,
    });
    const unlocked = await unlock(sealed.header, { password: "pw" }, TEST_FLOOR);
    const edited = { ...PAYLOAD, text: "edited" };
    const body = await reseal(unlocked, sealed.wrappedKey, edited);
    expect(Buffer.from(body.subarray(0, 8)).equals(sealed.body.subarray(0, 8))).toBe(false);
    await expect(open({ ...sealed, body }, { password: "pw" }, TEST_FLOOR)).resolves.toEqual(edited);
  });
});
