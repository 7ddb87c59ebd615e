/** The translation check (docs/TRANSLATING.md): every language has every key, the same placeholders, its own plurals. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Message, placeholdersOf } from "../../i18n/format";
import { LANGUAGES, SOURCE_LANGUAGE } from "../../i18n/languages";

type Catalog = Record<string, Message>;
const SECTIONS = ["common", "create", "note", "manage", "pad", "ask", "answer", "fragments"];

function load(code: string): Catalog {
  if (!existsSync(`i18n/locales/${code}.json`)) return {};
  const nested = JSON.parse(readFileSync(`i18n/locales/${code}.json`, "utf8")) as Record<string, Catalog>;
  const flat: Catalog = {};
  for (const [section, entries] of Object.entries(nested)) {
    expect(SECTIONS, `${code}.json: section ${section}`).toContain(section);
    for (const [key, message] of Object.entries(entries)) flat[`${section}.${key}`] = message;
  }
  if (code === SOURCE_LANGUAGE && existsSync("i18n/draft")) {
    for (const name of readdirSync("i18n/draft")) {
      const draft = JSON.parse(readFileSync(`i18n/draft/${name}`, "utf8")) as Catalog;
      for (const [key, message] of Object.entries(draft)) flat[`${name.replace(/\.json$/, "")}.${key}`] = message;
    }
  }
  return flat;
}

const english = load(SOURCE_LANGUAGE);
/** Words that stay as they are in every language: the product, formats and units. */
const SAME_EVERYWHERE = /\b(hushnote|Markdown|PBKDF2|QR|KB|MB|GB|B|OK|URL|CLI|https?|\.well-known\/hushnote\.json)\b/g;
const forms = (message: Message) => (typeof message === "string" ? [message] : Object.values(message));

describe.each(LANGUAGES.map((l) => [l.code]))("i18n/locales/%s.json", (code) => {
  const catalog = load(code);
  const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories;

  it("has exactly the English keys", () => {
    expect(
      Object.keys(catalog).filter((key) => !(key in english)),
      "keys English lacks",
    ).toEqual([]);
    expect(
      Object.keys(english).filter((key) => !(key in catalog)),
      "keys not translated",
    ).toEqual([]);
  });

  it("uses each key's placeholders, and the plural forms its language has", () => {
    for (const [key, source] of Object.entries(english)) {
      const message = catalog[key];
      if (message === undefined) continue;
      expect(typeof message, key).toBe(typeof source);
      if (typeof message === "string") expect(placeholdersOf(message), key).toEqual(placeholdersOf(source));
      else {
        expect(Object.keys(message).sort(), `${key}: plural forms for ${code}`).toEqual([...categories].sort());
        const wanted = placeholdersOf(source);
        for (const [form, text] of Object.entries(message)) {
          const used = placeholdersOf(text ?? "");
          // A form may leave the number out ("one view", Arabic's dual); it may not drop or invent anything else.
          expect(
            [...used].filter((p) => !wanted.has(p)),
            `${key}.${form}: unknown placeholders`,
          ).toEqual([]);
          expect(
            [...wanted].filter((p) => p !== "count" && !used.has(p)),
            `${key}.${form}: missing`,
          ).toEqual([]);
        }
      }
    }
  });

  it("has no empty message, no markup and no stray braces", () => {
    for (const [key, message] of Object.entries(catalog)) {
      for (const form of forms(message)) {
        expect(form?.trim(), key).toBeTruthy();
        expect(form, key).not.toMatch(/<[a-z/!]/i);
        expect(form?.replace(/\{[a-zA-Z]+\}/g, ""), key).not.toMatch(/[{}]/);
      }
    }
  });

  it.skipIf(code === SOURCE_LANGUAGE)("translates every message that has words (English left in is a miss)", () => {
    const untranslated = Object.entries(catalog)
      .filter(([key, message]) => JSON.stringify(message) === JSON.stringify(english[key]))
      .filter(([, message]) =>
        forms(message).some((f) =>
          /[A-Za-z]{3,}/.test((f ?? "").replace(/\{[a-zA-Z]+\}/g, "").replace(SAME_EVERYWHERE, "")),
        ),
      )
      .map(([key]) => key);
    expect(untranslated).toEqual([]);
  });
});

describe("the English catalog", () => {
  it("has only keys that some page, the picker or a fragment uses", () => {
    const sources = [
      ...["create", "note", "manage", "pad", "ask", "answer"].map((p) => `static/pages/${p}`),
      "static/shared",
      "worker",
    ].flatMap((dir) =>
      readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((f) => /\.(ts|html)$/.test(f))
        .map((f) => readFileSync(`${dir}/${f}`, "utf8")),
    );
    const text = sources.join("\n") + readFileSync("scripts/build/i18n.mjs", "utf8");
    const unused = Object.keys(english).filter((key) => {
      const [section, ...rest] = key.split(".");
      const local = rest.join(".");
      // Fragments are looked up by the Worker without their section name.
      return (
        !text.includes(`"${key}"`) &&
        !text.includes(`{{${key}}}`) &&
        !(section === "fragments" && text.includes(`"${local}"`))
      );
    });
    expect(unused).toEqual([]);
  });
});
