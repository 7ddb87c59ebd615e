/** Password stretching: PBKDF2 over NFC, its refusals, the default count and the test-only floor. */
import { pbkdf2Sync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_ITERATIONS,
  decodeHeader,
  HushnoteCryptoError,
  MIN_ITERATIONS,
  open,
  seal,
  stretchPassword,
  UnsupportedVersionError,
  unlock,
} from "../../crypto/index";
import { fast, PAYLOAD } from "./fixtures";
import { filler, TEST_FLOOR, TEST_ITERATIONS } from "./helpers";

const SALT = filler(16, 4);

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
