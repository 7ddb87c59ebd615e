import { describe, expect, it } from "vitest";
import { byteSize, formatDuration, formatMessage, placeholdersOf } from "../../i18n/format";
import { matchRange, pickLanguage, preferredRanges } from "../../i18n/negotiate";

const VIEWS_PL = {
  one: "Zostało {count} wyświetlenie",
  few: "Zostały {count} wyświetlenia",
  many: "Zostało {count} wyświetleń",
  other: "Zostało {count} wyświetlenia",
};

describe("formatMessage", () => {
  it("fills placeholders and writes numbers the language's way", () => {
    expect(formatMessage("en", "{n} of {total} parts", { n: 1234, total: 5000 })).toBe("1,234 of 5,000 parts");
    expect(formatMessage("de", "{n} von {total}", { n: 1234, total: 5000 })).toBe("1.234 von 5.000");
    expect(formatMessage("en", "Hello {name}", { name: "{count}" })).toBe("Hello {count}");
  });

  it("picks Polish plural forms by Intl.PluralRules: 1, 2, 5, 22", () => {
    expect([1, 2, 5, 22].map((count) => formatMessage("pl", VIEWS_PL, { count }))).toEqual([
      "Zostało 1 wyświetlenie",
      "Zostały 2 wyświetlenia",
      "Zostało 5 wyświetleń",
      "Zostały 22 wyświetlenia",
    ]);
  });

  it("picks Arabic's six forms, where a form may leave the number out", () => {
    const left = {
      zero: "لا مشاهدات",
      one: "مشاهدة واحدة",
      two: "مشاهدتان",
      few: "{count} مشاهدات",
      many: "{count} مشاهدة",
      other: "{count} مشاهدة",
    };
    const shown = [0, 1, 2, 5, 11, 100].map((count) => formatMessage("ar", left, { count }));
    expect(shown.slice(0, 3)).toEqual(["لا مشاهدات", "مشاهدة واحدة", "مشاهدتان"]);
    expect(shown[3]).toBe(`${new Intl.NumberFormat("ar").format(5)} مشاهدات`);
    expect(shown[4]).toBe(`${new Intl.NumberFormat("ar").format(11)} مشاهدة`);
  });

  it("refuses a plural message without a numeric count (a bug, not a reader's problem)", () => {
    expect(() => formatMessage("en", { one: "a", other: "b" }, {})).toThrow(/count/);
  });

  it("lists a message's placeholders over all its forms", () => {
    expect([...placeholdersOf({ one: "one view of {total}", other: "{count} views of {total}" })].sort()).toEqual([
      "count",
      "total",
    ]);
  });
});

describe("sizes and durations", () => {
  it("keeps the English figures the pages always showed", () => {
    expect(byteSize("en", 12)).toEqual({ unit: "b", n: "12" });
    expect(byteSize("en", 2048)).toEqual({ unit: "kb", n: "2.0" });
    expect(byteSize("en", 12.5 * 1024 * 1024)).toEqual({ unit: "mb", n: "12.5" });
    expect(byteSize("de", 12.5 * 1024 * 1024)).toEqual({ unit: "mb", n: "12,5" });
    expect(formatDuration("en", 300)).toBe("5 minutes");
    expect(formatDuration("en", 86400)).toBe("1 day");
    expect(formatDuration("pl", 5 * 86400)).toBe("5 dni");
    expect(formatDuration("pl", 22 * 3600)).toBe("22 godziny");
  });
});

describe("choosing a language", () => {
  it("orders Accept-Language by q, keeping the sent order on ties, and drops q=0 and junk", () => {
    expect(preferredRanges("da, en-GB;q=0.8, en;q=0.7, de;q=0, x y")).toEqual(["da", "en-GB", "en"]);
    expect(preferredRanges("fr;q=0.5, ja")).toEqual(["ja", "fr"]);
  });

  it("matches a regional variant to the language's one offered variant", () => {
    const offered = ["en", "pt-BR", "zh-CN"];
    expect(matchRange("PT-pt", offered)).toBe("pt-BR");
    expect(matchRange("zh-Hant-TW", offered)).toBe("zh-CN");
    expect(matchRange("de", offered)).toBeUndefined();
    expect(pickLanguage(null, "de, pt;q=0.5", offered, "en")).toBe("pt-BR");
    expect(pickLanguage("ZH-cn", "pt", offered, "en")).toBe("zh-CN");
  });
});
