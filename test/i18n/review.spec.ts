/**
 * A translation is text from a contributor, not code: a hostile catalog must stay inert in the markup, its attributes
 * and the JSON data block, and the build refuses characters that could hide or turn text (an id, a link). Accept-Language
 * is the reader's (or an attacker's) text too: a malformed weight must not outrank, and a huge header costs no more.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../../i18n/languages";
import { pickLanguage, preferredRanges } from "../../i18n/negotiate";

type Message = string | Record<string, string>;
interface BuildI18n {
  checkMessage(message: unknown, name: string): void;
  loadCatalogs(languages: readonly { code: string }[], source: string): Record<string, Record<string, Message>>;
  fillTemplate(template: string, name: string, language: object, messages: Record<string, Message>): string;
  pickerMarkup(languages: readonly object[], current: { code: string }, messages: Record<string, Message>): string;
  stringsBlock(keys: string[], messages: Record<string, Message>, short?: boolean): string;
}
const build = (await import(new URL("../../scripts/build/i18n.mjs", import.meta.url).href)) as BuildI18n;

const HOSTILE = `</script><script>alert(1)</script><img src=x onerror=alert(2)>"' onfocus=alert(3) x="{{common.language.label}}{{@lang}}<!--script-->&amp;\u2028<!--`;
const PAGES = ["create", "note", "manage", "pad", "ask", "answer"];
const KEY = /\{\{([A-Za-z0-9_.-]+)\}\}/g;
const arabic = LANGUAGES.find((l) => l.code === "ar")!;

/** One page as scripts/build.mjs puts it together, every message (the picker's included) set to `message`. */
function page(name: string, message: string) {
  const template = readFileSync(`static/pages/${name}/page.html`, "utf8");
  const keys = [...template.matchAll(KEY)].map((m) => m[1]!);
  const scriptKeys = ["common.language.label", "note.copy.tab"];
  const messages = Object.fromEntries([...keys, ...scriptKeys].map((key) => [key, message]));
  return build
    .fillTemplate(template, name, arabic, messages)
    .replace("<!--languages-->", () => build.pickerMarkup(LANGUAGES, arabic, messages))
    .replace("<!--style-->", () => "<style>p{}</style>")
    .replace("<!--script-->", () => `${build.stringsBlock(scriptKeys, messages, true)}<script>run()</script>`);
}

describe("a page built from a hostile catalog", () => {
  it.each(PAGES)("%s: the message is only ever text where a harmless one stood, in markup and attributes", (name) => {
    const hostile = page(name, HOSTILE);
    const escaped = HOSTILE.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    // Markup and attributes: replace each escaped copy by a plain word and the page is exactly the harmless one.
    const markup = hostile.replace(/<script type="application\/json" id="strings">.*?<\/script>/s, "");
    const harmless = page(name, "X").replace(/<script type="application\/json" id="strings">.*?<\/script>/s, "");
    expect(markup.split(escaped).join("X")).toBe(harmless);
    // The {{…}} and <!--script--> inside a message are not filled in again.
    expect(markup).toContain("{{common.language.label}}{{@lang}}");
    expect(hostile.match(/<script/g)).toHaveLength(2);
  });

  it("keeps the data block one element of JSON that reads back as the exact messages", () => {
    const hostile = page("note", HOSTILE);
    const block = /<script type="application\/json" id="strings">(.*?)<\/script>/s.exec(hostile)![1]!;
    expect(block).not.toContain("<");
    expect(JSON.parse(block)).toEqual({ _0: HOSTILE, _1: HOSTILE });
    // What follows the block is the page's own script, unbroken.
    expect(hostile.slice(hostile.indexOf(block) + block.length)).toMatch(/^<\/script><script>run\(\)<\/script>/);
  });
});

describe("the build's check of each message", () => {
  it.each([
    ["a right-to-left override (turns an id shown after it around)", "Note \u202E{id}"],
    ["a left-to-right embedding", "\u202Aabc"],
    ["an isolate left open", "\u2067{name}"],
    ["a line separator", "a\u2028b"],
    ["a control character", "a\u0000b"],
    ["a newline", "a\nb"],
    ["the note page's private-use name marker", "save \uE000"],
    ["a lone surrogate", "a\uD800"],
  ])("refuses %s", (_, text) => {
    expect(() => build.checkMessage(text, "x.json: k")).toThrow(/x\.json: k: U\+/);
    expect(() => build.checkMessage({ one: "fine", other: text }, "x.json: k")).toThrow(/U\+/);
  });

  it.each([
    ["a number", 5],
    ["null", null],
    ["an array", ["a"]],
    ["a plural without other", { one: "a" }],
    ["a plural with a form no language has", { other: "a", several: "b" }],
    ["a plural form that is not text", { other: { nested: "x" } }],
  ])("refuses %s as a message", (_, message) => {
    expect(() => build.checkMessage(message, "x.json: k")).toThrow(/a message is a string/);
  });

  it("accepts every message of the real catalogs (no-break and narrow no-break spaces included)", () => {
    const catalogs = build.loadCatalogs(LANGUAGES, "en");
    for (const catalog of Object.values(catalogs))
      for (const [key, message] of Object.entries(catalog)) build.checkMessage(message, key);
    expect(() => build.checkMessage("10\u00a0Mo\u202f!", "fr")).not.toThrow();
  });

  it("stops the build's catalog loader on a hostile message", () => {
    const dir = mkdtempSync(join(tmpdir(), "hushnote-catalog-"));
    const cwd = process.cwd();
    try {
      mkdirSync(join(dir, "i18n/locales"), { recursive: true });
      writeFileSync(join(dir, "i18n/locales/en.json"), JSON.stringify({ note: { id: "Note \u202E{id}" } }));
      process.chdir(dir);
      expect(() => build.loadCatalogs([{ code: "en" }], "en")).toThrow(/i18n\/locales\/en\.json: note\.id: U\+202E/);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("Accept-Language as an attacker writes it", () => {
  const offered = LANGUAGES.map((l) => l.code);

  it.each([
    ["de;q=0.9, fr;q=1e999", "de"],
    ["de;q=0.9, fr;q=abc", "de"],
    ["de;q=0.9, fr;q=1.5", "de"],
    ["de;q=0.9, fr;q=-1", "de"],
    ["de;q=0.9, fr;q=0.5;q=1", "de"],
    ["de;q=0.9, fr;q=Infinity", "de"],
    ["de;q=0.9, fr;q=1.000", "fr"],
    ["de;q=0.5, fr;q=0.", "de"],
  ])("%j → %s: a weight that is not a qvalue never outranks a real one", (header, expected) => {
    expect(pickLanguage(null, header, offered, "en")).toBe(expected);
  });

  it("reads a fixed prefix of a huge header, whatever its shape", () => {
    expect(preferredRanges(`${"x".repeat(2000)}, ja`)).toEqual([]);
    expect(preferredRanges(`de${";a=b".repeat(300_000)}, ja`)).toEqual(["de"]);
    expect(preferredRanges(Array(100_000).fill("xx").join(","))).toHaveLength(32);
    expect(pickLanguage(null, `de-${"a-".repeat(500_000)}b`, offered, "en")).toBe("de");
  });

  it("ignores ranges that are not language tags: unicode, separators, wildcards", () => {
    expect(preferredRanges("dé, 日本語, ﬀ, *, de\u0000, d e, ja")).toEqual(["ja"]);
  });
});
