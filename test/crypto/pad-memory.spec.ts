import { describe, expect, it } from "vitest";
import { comparePadMemory, type Header, HushnoteCryptoError, type PadMemory, padFingerprint } from "../../crypto/index";

const SALT = "aFCltef5SKa-IoTZUwh8uA";
const header = (changes: Partial<Header> = {}, kdf: Partial<NonNullable<Header["kdf"]>> = {}): Header => ({
  v: 2,
  kind: "pad",
  id: "team-notes",
  link: false,
  views: null,
  ttl: null,
  kdf: { name: "PBKDF2-SHA256", iterations: 600_000, salt: SALT, ...kdf },
  ...changes,
});
const REMEMBERED: PadMemory = { v: 2, salt: SALT, iterations: 600_000, bodyVersion: 7 };

describe("notepad memory (trust on first use)", () => {
  it("remembers format, salt, iterations and the body version of a notepad header", () => {
    expect(padFingerprint(header(), 7)).toEqual(REMEMBERED);
    expect(comparePadMemory(null, header(), 3)).toEqual({
      changes: [],
      alarming: false,
      next: { ...REMEMBERED, bodyVersion: 3 },
    });
    expect(() =>
      padFingerprint({ ...header(), kind: "note", id: "AAAAAAAAAAAAAAAAAAAAAA", kdf: null, link: true }),
    ).toThrow(HushnoteCryptoError);
  });

  it("sees nothing when the header matches, and keeps the highest body version until the body is known", () => {
    expect(comparePadMemory(REMEMBERED, header())).toEqual({ changes: [], alarming: false, next: REMEMBERED });
    expect(comparePadMemory(REMEMBERED, header(), 9)).toEqual({
      changes: [],
      alarming: false,
      next: { ...REMEMBERED, bodyVersion: 9 },
    });
  });

  it.each([
    ["a new salt", header({}, { salt: "AAAAAAAAAAAAAAAAAAAAAA" }), null, ["salt"]],
    ["fewer iterations", header({}, { iterations: 599_999 }), null, ["iterations-lowered"]],
    ["a v1 header where v2 was seen", header({ v: 1 }), null, ["format-downgraded"]],
    ["an older body", header(), 6, ["body-rolled-back"]],
    [
      "a salt and iteration change at once",
      header({}, { salt: "AAAAAAAAAAAAAAAAAAAAAA", iterations: 310_000 }),
      null,
      ["salt", "iterations-lowered"],
    ],
  ] as const)("raises the alarm for %s", (_what, now, bodyVersion, changes) => {
    const result = comparePadMemory(REMEMBERED, now, bodyVersion);
    expect(result.changes).toEqual(changes);
    expect(result.alarming).toBe(true);
  });

  it("reports upgrades without alarm", () => {
    expect(comparePadMemory(REMEMBERED, header({}, { iterations: 1_000_000 }))).toMatchObject({
      changes: ["iterations-raised"],
      alarming: false,
    });
    expect(comparePadMemory({ ...REMEMBERED, v: 1, bodyVersion: null }, header(), 8)).toMatchObject({
      changes: ["format-upgraded"],
      alarming: false,
    });
  });

  it("never lowers the remembered body version for the same salt, and starts again for a new salt (a new pad)", () => {
    expect(comparePadMemory(REMEMBERED, header(), 6).next.bodyVersion).toBe(7);
    expect(comparePadMemory(REMEMBERED, header({}, { salt: "AAAAAAAAAAAAAAAAAAAAAA" }), 1).next).toEqual({
      ...REMEMBERED,
      salt: "AAAAAAAAAAAAAAAAAAAAAA",
      bodyVersion: 1,
    });
  });
});
