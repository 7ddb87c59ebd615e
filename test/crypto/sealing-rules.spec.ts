/** What seal demands of its secrets and ids, and the link keys and note ids it generates. */
import { describe, expect, it } from "vitest";
import { generateLinkKey, generateNoteId, HushnoteCryptoError, isNoteId, seal } from "../../crypto/index";
import { fast, PAYLOAD } from "./fixtures";

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
