/**
 * The language choice as an attacker or a careless browser leaves it: a stored choice that names no language is
 * forgotten without a reload (and cannot stop the page), the "//" path still works, a switch keeps the link's key in
 * the tab only, the create page's server fragment comes in the page's language, and a hostile catalog parses inert.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { send } from "../../cli/src/sdk";
import { LANGUAGES } from "../../i18n/languages";
import { newContext, watchProblems } from "./browser";
import { useHarness } from "./setup";

type Message = string | Record<string, string>;
interface BuildI18n {
  fillTemplate(template: string, name: string, language: object, messages: Record<string, Message>): string;
  pickerMarkup(languages: readonly object[], current: object, messages: Record<string, Message>): string;
  stringsBlock(keys: string[], messages: Record<string, Message>, short?: boolean): string;
}

const h = useHarness();

/** Counts the documents the page asks the server for (replaceState asks for none): a reload shows as a second one. */
function countLoads(page: Page): () => number {
  let loads = 0;
  page.on("request", (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) loads++;
  });
  return () => loads;
}

describe("a stored language choice that names no language", () => {
  it.each([
    ["a lone surrogate (encodeURIComponent throws on it)", "\uD800"],
    ["100,000 characters (an address no server takes)", "x".repeat(100_000)],
    ["another host", "//evil.example"],
    ["a query and a fragment", "de?x=1#evil"],
  ])("%s: is forgotten, the note page loads once and keeps its key", async (_, value) => {
    const note = await send({ server: h.server.origin, text: "stored choice", views: 3 });
    const key = new URL(note.link).hash.slice(1);
    const context = await newContext(h.browser, h.server.origin, { locale: "de" });
    const first = await context.newPage();
    await first.goto(`${h.server.origin}/favicon.svg`);
    await first.evaluate((v) => localStorage.setItem("hushnote.lang", v), value);
    const page = await context.newPage();
    const problems = watchProblems(page);
    const loads = countLoads(page);
    const urls: string[] = [];
    page.on("request", (request) => urls.push(request.url()));
    await page.goto(note.link);
    await page.locator('html[lang="de"] #about:not([hidden])').waitFor();
    expect(loads()).toBe(1);
    expect(await page.evaluate(() => localStorage.getItem("hushnote.lang"))).toBeNull();
    expect(new URL(page.url()).origin).toBe(h.server.origin);
    expect(urls.filter((url) => url.includes(key) || /evil|x=1/.test(url))).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe("a stored choice this instance does not offer ([vars] LANGUAGES)", () => {
  const narrow = useHarness({ LANGUAGES: "en,de" });

  it("asks for it once, then forgets it: no loop between the stored choice and the served language", async () => {
    const context = await newContext(narrow.browser, narrow.server.origin, { locale: "de" });
    const first = await context.newPage();
    await first.goto(`${narrow.server.origin}/favicon.svg`);
    await first.evaluate(() => localStorage.setItem("hushnote.lang", "ar"));
    for (const expected of [2, 1]) {
      const page = await context.newPage();
      const problems = watchProblems(page);
      const loads = countLoads(page);
      await page.goto(`${narrow.server.origin}/`);
      await page.locator('html[lang="de"] .languages:not([hidden])').waitFor();
      await page.waitForURL((url) => !url.searchParams.has("lang"));
      expect(loads()).toBe(expected);
      expect(await page.evaluate(() => localStorage.getItem("hushnote.lang"))).toBeNull();
      expect(problems).toEqual([]);
    }
    await context.close();
  });
});

describe("the create page at the path //, which the Worker serves as /", () => {
  it("tidies ?lang= away and follows a stored choice without throwing or leaving the instance", async () => {
    const context = await newContext(h.browser, h.server.origin, { locale: "en-US" });
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${h.server.origin}//?lang=de`);
    await page.locator('html[lang="de"] .languages:not([hidden])').waitFor();
    await page.waitForURL(`${h.server.origin}//`);
    await page.evaluate(() => localStorage.setItem("hushnote.lang", "ja"));
    await page.goto(`${h.server.origin}//`);
    await page.locator('html[lang="ja"] .languages:not([hidden])').waitFor();
    expect(new URL(page.url()).origin).toBe(h.server.origin);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe("the create page in a stored language the browser does not ask for", () => {
  it("asks the server for its limits line in the page's language, not Accept-Language's", async () => {
    const context = await newContext(h.browser, h.server.origin, { locale: "en-US" });
    const page = await context.newPage();
    const problems = watchProblems(page);
    const limits = page.waitForResponse((r) => r.url().includes("/fragments/limits"));
    await page.goto(`${h.server.origin}/?lang=de`);
    const answer = await limits;
    expect(answer.headers()["content-language"]).toBe("de");
    await page.locator("#limits:not(:empty)").waitFor();
    expect(await page.locator("#limits").textContent()).toContain("30 Tage");
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe("a language switch on the note page", () => {
  it("puts the key in no request, Referer or new history entry", async () => {
    const note = await send({ server: h.server.origin, text: "no trace", views: 2 });
    const key = new URL(note.link).hash.slice(1);
    const context = await newContext(h.browser, h.server.origin, { locale: "en" });
    const page = await context.newPage();
    const problems = watchProblems(page);
    const requests: Promise<string[]>[] = [];
    page.on("request", (request) =>
      requests.push(request.allHeaders().then((headers) => [request.url(), ...Object.values(headers)])),
    );
    await page.goto(note.link);
    await page.locator("#about:not([hidden])").waitFor();
    const before = await page.evaluate(() => history.length);
    await page.locator(".languages:not([hidden]) #language").waitFor();
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get("lang") === "uk"),
      page.selectOption("#language", "uk"),
    ]);
    await page.locator('html[lang="uk"] #about:not([hidden])').waitFor();
    await page.waitForURL((url) => url.hash === "" && !url.searchParams.has("lang"));
    expect(await page.evaluate(() => history.length)).toBe(before);
    const sent = (await Promise.all(requests)).flat();
    expect(sent.filter((text) => text.includes(key))).toEqual([]);
    expect(sent.some((text) => text.includes("/api/notes/"))).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe("a page built from a hostile catalog, as Chromium parses it", () => {
  it("has the build's two scripts, no element or attribute of the catalog's, and the exact messages as text", async () => {
    const build = (await import(new URL("../../scripts/build/i18n.mjs", import.meta.url).href)) as BuildI18n;
    const hostile = `</script><script>alert(1)</script><img src=x onerror=alert(2)>"' onfocus=alert(3) x="{{common.language.label}}\u202E<!--`;
    const template = readFileSync("static/pages/create/page.html", "utf8");
    const keys = [...template.matchAll(/\{\{([a-z][A-Za-z0-9_.-]*)\}\}/g)].map((m) => m[1]!);
    const messages = Object.fromEntries([...keys, "common.language.label"].map((key) => [key, hostile]));
    const arabic = LANGUAGES.find((l) => l.code === "ar")!;
    const html = build
      .fillTemplate(template, "create", arabic, messages)
      .replace("<!--languages-->", () => build.pickerMarkup(LANGUAGES, arabic, messages))
      .replace("<!--style-->", () => "<style>p{}</style>")
      .replace("<!--script-->", () => `${build.stringsBlock(keys.slice(0, 2), messages, true)}<script>run()</script>`);
    const context = await newContext(h.browser, h.server.origin);
    const page = await context.newPage();
    const seen = await page.evaluate((source) => {
      const doc = new DOMParser().parseFromString(source, "text/html");
      const handlers = [...doc.querySelectorAll("*")].flatMap((el) =>
        [...el.attributes].filter((a) => a.name.startsWith("on") || a.name === "x").map((a) => a.name),
      );
      return {
        scripts: [...doc.querySelectorAll("script")].map((s) => s.type || "classic"),
        images: doc.querySelectorAll("img").length,
        handlers,
        title: doc.title,
        labels: [...doc.querySelectorAll("[aria-label]")].map((el) => el.getAttribute("aria-label")),
        strings: JSON.parse(doc.getElementById("strings")?.textContent ?? "null"),
        last: doc.querySelector("script:not([type])")?.textContent,
      };
    }, html);
    expect(seen.scripts).toEqual(["application/json", "classic"]);
    expect(seen.images).toBe(0);
    expect(seen.handlers).toEqual([]);
    expect(seen.title).toBe(hostile);
    for (const label of seen.labels) expect(label).toBe(hostile);
    expect(seen.strings).toEqual({ _0: hostile, _1: hostile });
    expect(seen.last).toBe("run()");
    await context.close();
  });
});
