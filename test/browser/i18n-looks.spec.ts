/**
 * Arabic (right-to-left) and Japanese (CJK) as they look: every page state, the create page's links and the revealed
 * note at phone and desktop width in light, and at phone width in dark, saved to
 * test-artifacts/i18n/<lang>-<page>-<width>-<scheme>.png for a person to review. Nothing may stick out sideways, and
 * links and addresses must run left to right. Dark desktop is left out (a11y.spec covers it in English).
 */
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { send } from "../../cli/src/sdk";
import { ARTIFACTS, newContext, watchProblems } from "./browser";
import { openState, type PageState, pageStates } from "./i18n";
import { axeViolations } from "./looks";
import { useHarness } from "./setup";

const h = useHarness();
const DIR = `${ARTIFACTS}/i18n`;
const LOOKS = [
  { width: 390, height: 844, scheme: "light" },
  { width: 1280, height: 900, scheme: "light" },
  { width: 390, height: 844, scheme: "dark" },
] as const;

/** What a reader of each language might really share: their script, a link and an id that must stay left-to-right. */
const CONTENT: Record<string, { text: string; tab: string; file: string }> = {
  ar: {
    text: "كلمة مرور شبكة المكتب: correct-horse-battery-staple\nالخادم: https://vpn.example.com/login?user=amal",
    tab: "الإنتاج",
    file: "تقرير-2026.txt",
  },
  ja: {
    text: "オフィスのWi-Fiパスワード: correct-horse-battery-staple\nサーバー: https://vpn.example.com/login?user=yuki",
    tab: "本番環境",
    file: "報告書-2026.txt",
  },
};

/** Elements whose box leaves the viewport sideways (a scroller's own content is clipped by it, so not counted). */
function stickingOut(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const out: string[] = [];
    const scrollWidth = document.scrollingElement?.scrollWidth ?? 0;
    if (scrollWidth > width) out.push(`the page scrolls sideways: ${scrollWidth} > ${width}`);
    const clipped = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
        if (getComputedStyle(p).overflowX !== "visible") return true;
      return false;
    };
    for (const el of document.body.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || getComputedStyle(el).clip !== "auto" || clipped(el)) continue;
      if (box.left < -1 || box.right > width + 1) {
        const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className ? `.${el.className}` : ""}`;
        out.push(`${name} spans ${Math.round(box.left)}..${Math.round(box.right)} of ${width}`);
      }
    }
    return out;
  });
}

describe("Arabic and Japanese pages, screenshots for review", () => {
  let states: PageState[];
  const notes: Record<string, string> = {};
  beforeAll(async () => {
    mkdirSync(DIR, { recursive: true });
    states = await pageStates(h.server.origin);
    for (const [code, c] of Object.entries(CONTENT)) {
      const tabs = [{ title: c.tab, text: "user=deploy\npass=x7-lantern-orbit" }];
      const files = [{ name: c.file, type: "text/plain", bytes: new TextEncoder().encode("42\n") }];
      notes[code] = (await send({ server: h.server.origin, text: c.text, tabs, files, views: 10 })).link;
    }
  });

  it.each([["ar"], ["ja"]])("%s: every state at phone and desktop width, light and dark", async (code) => {
    const context = await newContext(h.browser, h.server.origin, { locale: code });
    const page = await context.newPage();
    const problems = watchProblems(page);
    // Each state is opened once and shot in every look: resizing and switching the scheme is far quicker than loading.
    const shoot = async (name: string) => {
      for (const look of LOOKS) {
        await page.setViewportSize({ width: look.width, height: look.height });
        await page.emulateMedia({ colorScheme: look.scheme });
        await page.screenshot({ path: `${DIR}/${code}-${name}-${look.width}-${look.scheme}.png`, fullPage: true });
        problems.push(...(await stickingOut(page)).map((p) => `${name} at ${look.width} ${look.scheme}: ${p}`));
      }
    };
    for (const state of states) {
      await openState(page, h.server.origin, state, code);
      await shoot(state.name);
      // Addresses and links read left to right whatever the page's direction.
      if (state.name !== "pad") continue;
      const shown = await page
        .locator("#title bdi")
        .evaluate((el) => `${el.textContent} ${getComputedStyle(el).direction}`);
      if (`/p/${shown}` !== `${state.path} ltr`) problems.push(`pad: the address shows as ${shown}`);
    }
    await openState(page, h.server.origin, states.find((s) => s.name === "create")!, code);
    await page.locator("#text").fill(CONTENT[code]!.text);
    await page.locator("#create").click();
    await page.locator("#result:not([hidden])").waitFor();
    await shoot("created");
    for (const id of ["share-link", "manage-link"]) {
      const direction = await page.locator(`#${id}`).evaluate((el) => getComputedStyle(el).direction);
      if (direction !== "ltr") problems.push(`created: #${id} is ${direction}`);
    }
    // States i18n-pages does not reach (they make a note or use up a view): axe them here, in the last look (dark).
    problems.push(...(await axeViolations(page)).map((v) => `created: axe ${v}`));
    await page.goto(notes[code]!);
    await page.locator("#reveal").click();
    await page.locator("#content:not([hidden])").waitFor();
    await shoot("revealed");
    problems.push(...(await axeViolations(page)).map((v) => `revealed: axe ${v}`));
    await context.close();
    expect(problems).toEqual([]);
  });
});
