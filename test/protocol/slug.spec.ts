import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPadSlug } from "../../crypto/slug";
import { isUsableSlug, normalizeSlug, slugProblem, unsupportedCharacters } from "../../protocol/slug";

describe("notepad addresses (protocol/slug.ts)", () => {
  it.each([
    ["Mark's Notes", "mark-s-notes"],
    ["crème", "creme"],
    ["Crème Brûlée!", "creme-brulee"],
    ["  Ångström -- ", "angstrom"],
    ["ﬁle Ⅻ", "file-xii"],
  ])("normalises %j to %j (accents off, punctuation to single dashes)", (name, slug) => {
    expect(normalizeSlug(name)).toBe(slug);
    expect(slugProblem(name)).toBeNull();
  });

  it.each([
    ["日記 2024", ["日", "記"]],
    ["Мой блокнот", ["м", "о", "и", "б", "л", "к", "н", "т"]],
    ["straße", ["ß"]],
    ["notes ١٢٣", ["١", "٢", "٣"]],
  ])("refuses %j instead of silently dropping %j to a shorter address", (name, dropped) => {
    expect(unsupportedCharacters(name)).toEqual(dropped);
    expect(normalizeSlug(name)).toBe("");
    expect(slugProblem(name)).toMatch(/cannot hold/);
    for (const character of dropped) expect(slugProblem(name)).toContain(character);
  });

  it("says why an empty, reserved or too long name cannot be an address", () => {
    expect(slugProblem("!!!")).toMatch(/at least one letter/);
    expect(slugProblem("API")).toMatch(/this site uses itself/);
    expect(slugProblem("x".repeat(65))).toMatch(/at most 64 characters/);
  });

  it("refuses a name longer than an address instead of cutting it, so two long names never share one", () => {
    const a = `${"meeting-notes-".repeat(5)}alpha`;
    const b = `${"meeting-notes-".repeat(5)}beta`;
    expect(normalizeSlug(a)).toBe("");
    expect(normalizeSlug(b)).toBe("");
    expect(normalizeSlug("x".repeat(64))).toBe("x".repeat(64));
  });

  it("never maps a name to a shorter address that lost letters or digits: everything kept is in the slug", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (name) => {
        const slug = normalizeSlug(name);
        if (slug === "") return;
        expect(isPadSlug(slug)).toBe(true);
        // Every letter and digit of the accent-folded name survives, in order (up to the length cap).
        const kept = name
          .normalize("NFKD")
          .replace(/\p{M}+/gu, "")
          .toLowerCase()
          .replace(/[^a-z0-9]/g, "");
        expect(slug.replace(/-/g, "")).toBe(kept);
      }),
      { numRuns: 500 },
    );
  });

  it("accepts as usable exactly the normal forms that are not reserved", () => {
    expect(isUsableSlug("mark-s-notes")).toBe(true);
    expect(isUsableSlug("Mark")).toBe(false);
    expect(isUsableSlug("a--b")).toBe(false);
    expect(isUsableSlug("well-known")).toBe(false);
  });
});
