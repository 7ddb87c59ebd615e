/** Format v2 writing: the default version, its iteration, salt and body-version refusals, pre-stretched keys. */
import { describe, expect, it } from "vitest";
import { decodeHeader, HushnoteCryptoError, noteSalt, open, seal, WRITE_VERSION } from "../../crypto/index";
import { fast, PAYLOAD } from "./fixtures";
import { filler, TEST_FLOOR } from "./helpers";

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
