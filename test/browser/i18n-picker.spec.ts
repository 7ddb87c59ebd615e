/**
 * The footer's language picker: a choice reloads the page in that language without losing the link's secret, it
 * sticks in this browser over Accept-Language, it never makes a cookie, and an instance offers only its [vars] LANGUAGES.
 */
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { send } from "../../cli/src/sdk";
import { newContext, watchProblems } from "./browser";
import { createNote } from "./flows";
import { useHarness } from "./setup";

/** Picks `code` in the footer and waits for the page to come back in it, ?lang= tidied out of the address bar. */
async function choose(page: Page, code: string): Promise<void> {
  await page.locator(".languages:not([hidden]) #language").waitFor();
  await Promise.all([
    page.waitForURL((url) => url.searchParams.get("lang") === code),
    page.selectOption("#language", code),
  ]);
  await page.locator(`html[lang="${code}"]`).waitFor();
  await page.waitForURL((url) => !url.searchParams.has("lang"));
}

/** Every Cookie header any page of the context sends, read when the test ends. */
function watchCookies(context: BrowserContext): () => Promise<string[]> {
  const seen: Promise<string | null>[] = [];
  context.on("request", (request) =>
    seen.push(request.allHeaders().then((headers) => (headers.cookie ? `${request.url()}: ${headers.cookie}` : null))),
  );
  return async () => (await Promise.all(seen)).filter((c): c is string => c !== null);
}

describe("the language picker", () => {
  const h = useHarness();

  it("reloads in the chosen language, which sticks over Accept-Language, without any cookie", async () => {
    const context = await newContext(h.browser, h.server.origin, { locale: "en-US" });
    const cookies = watchCookies(context);
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${h.server.origin}/`);
    await page.locator('html[lang="en"]').waitFor();
    await choose(page, "de");
    expect(await page.evaluate(() => localStorage.getItem("hushnote.lang"))).toBe("de");
    expect(await page.locator("#language").inputValue()).toBe("de");

    // A later visit: the browser still asks for English, the stored choice wins (the page asks for it once).
    for (const path of ["/", "/p/picker-sticks"]) {
      const later = await context.newPage();
      await later.goto(`${h.server.origin}${path}`);
      await later.locator('html[lang="de"]').waitFor();
      await later.waitForURL((url) => !url.searchParams.has("lang"));
      expect(await later.evaluate(() => document.dir)).toBe("ltr");
    }
    await choose(page, "ar");
    expect(await page.evaluate(() => document.dir)).toBe("rtl");
    expect(problems).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    expect(await cookies()).toEqual([]);
    await context.close();
  });

  it("keeps the note's key across the reload, so Reveal still opens it; then the picker is off", async () => {
    const note = await send({ server: h.server.origin, text: "read in any language ✓", views: 1 });
    const context = await newContext(h.browser, h.server.origin, { locale: "en" });
    const cookies = watchCookies(context);
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(note.link);
    await page.locator("#about:not([hidden])").waitFor();
    await choose(page, "ar");
    await page.locator("#about:not([hidden])").waitFor();
    await page.locator("#reveal").click();
    await page.locator("#content:not([hidden])").waitFor();
    expect(await page.locator("#secret-text").textContent()).toBe("read in any language ✓");
    expect(await page.locator("#language").isDisabled()).toBe(true);
    expect(problems).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    expect(await cookies()).toEqual([]);
    await context.close();
  });

  it("turns the picker back on after a wrong password, which consumed nothing", async () => {
    const note = await send({ server: h.server.origin, text: "zweiter Versuch", views: 1, password: "the right one" });
    const context = await newContext(h.browser, h.server.origin, { locale: "de" });
    const page = await context.newPage();
    await page.goto(note.link);
    await page.locator("#about:not([hidden])").waitFor();
    await page.locator("#password").fill("a wrong one");
    await page.locator("#reveal").click();
    await page.locator("#password-error:not(:empty)").waitFor();
    expect(await page.locator("#language").isDisabled()).toBe(false);
    await choose(page, "fr");
    await page.locator("#password").fill("the right one");
    await page.locator("#reveal").click();
    await page.locator("#content:not([hidden])").waitFor();
    expect(await page.locator("#secret-text").textContent()).toBe("zweiter Versuch");
    await context.close();
  });

  it("opens a note link in the stored language although the browser asks for English, and Reveal still works", async () => {
    const note = await send({ server: h.server.origin, text: "gespeicherte Wahl ✓", views: 1 });
    const context = await newContext(h.browser, h.server.origin, { locale: "en-US" });
    const first = await context.newPage();
    await first.goto(`${h.server.origin}/`);
    await choose(first, "de");
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(note.link);
    await page.locator('html[lang="de"]').waitFor();
    await page.locator("#about:not([hidden])").waitFor();
    // The key left the address bar as always, after the page in German read it.
    await page.waitForURL((url) => url.hash === "" && !url.searchParams.has("lang"));
    await page.locator("#reveal").click();
    await page.locator("#content:not([hidden])").waitFor();
    expect(await page.locator("#secret-text").textContent()).toBe("gespeicherte Wahl ✓");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("stays off while the create page shows a new note's links (a reload would lose them), until Create another", async () => {
    const context = await newContext(h.browser, h.server.origin, { locale: "en-US" });
    const page = await context.newPage();
    await createNote(page, h.server.origin, { text: "the links stay" });
    await page.locator(".languages:not([hidden]) #language").waitFor();
    expect(await page.locator("#language").isDisabled()).toBe(true);
    await page.locator("#another").click();
    expect(await page.locator("#language").isDisabled()).toBe(false);
    await context.close();
  });

  it("keeps the manage token across the reload, and the receipt comes in the new language", async () => {
    const note = await send({ server: h.server.origin, text: "managed in Japanese", views: 3 });
    const context = await newContext(h.browser, h.server.origin, { locale: "en" });
    const cookies = watchCookies(context);
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(note.manageLink);
    await page.locator("#receipt .state").waitFor();
    const receipt = page.waitForResponse((r) => r.url().includes("/fragments/receipt/") && r.status() === 200);
    await choose(page, "ja");
    const answer = await receipt;
    expect(new URL(answer.url()).searchParams.get("lang")).toBe("ja");
    expect(answer.headers()["content-language"]).toBe("ja");
    await page.locator('#receipt .state[data-state="waiting"]').waitFor();
    expect(problems).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    expect(await cookies()).toEqual([]);
    await context.close();
  });
});

describe("an instance that offers only English and German ([vars] LANGUAGES)", () => {
  const h = useHarness({ LANGUAGES: "en,de" });

  it.each([
    ["ar", "en"],
    ["de", "de"],
  ])("offers only those two, and ?lang=ar with Accept-Language %s gives %s", async (locale, served) => {
    const context = await newContext(h.browser, h.server.origin, { locale });
    const page = await context.newPage();
    await page.goto(`${h.server.origin}/?lang=ar`);
    await page.locator(`html[lang="${served}"]`).waitFor();
    await page.locator(".languages:not([hidden])").waitFor();
    await page.waitForFunction(() => document.querySelectorAll("#language option").length === 2);
    const offered = await page
      .locator("#language option")
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toEqual(["en", "de"]);
    expect(await page.locator("#language").inputValue()).toBe(served);
    await context.close();
  });
});
