import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newContext, watchProblems } from "./browser";
import { drawPng } from "./flows";
import { check, LOOKS } from "./looks";
import { createPad, openPad, padView, pasteFiles, waitSaved } from "./pad-flows";
import { startServer } from "./server";
import { useHarness } from "./setup";

const h = useHarness();
const PASSWORD = "correct horse battery staple";
const NOTES =
  "# Deploy checklist\n\n- rotate the **staging** key\n- `wrangler deploy`\n\nSee [the runbook](https://example.com/runbook).\n\n";

/** Makes two pages editing one pad and lets the second one hit the conflict. */
async function conflict(a: Page, b: Page, slug: string): Promise<void> {
  await openPad(b, h.server.origin, slug, PASSWORD);
  await a.locator("#text").fill(`${NOTES}changed by a`);
  await waitSaved(a);
  await b.locator("#text").fill(`${NOTES}changed by b`);
  await b.locator("#conflict:not([hidden]) #keep-mine").waitFor();
}

describe("notepad page: accessibility and looks", () => {
  for (const look of LOOKS.filter((l) => l.label !== "light-360")) {
    it(`has no serious or critical axe violations (${look.label}), screenshots saved, no CSP violation`, async () => {
      const context = await newContext(h.browser, h.server.origin, look);
      const page = await context.newPage();
      const problems = watchProblems(page);
      const slug = `looks-${look.label}`;
      await page.goto(`${h.server.origin}/p/${slug}`);
      await padView(page);
      await page.locator("#free").getByRole("button", { name: "Generate passphrase" }).click();
      await check(page, "pad-free", look.label);
      await createPad(page, h.server.origin, slug, PASSWORD);
      await page.locator("#text").fill(NOTES);
      await page.locator("#text").press("Control+End");
      await pasteFiles(page, [{ name: "diagram.png", type: "image/png", bytes: await drawPng(page) }]);
      await page.getByRole("button", { name: "Add a tab" }).click();
      await page.getByLabel("Tab name").fill("servers");
      await page.getByRole("tab", { name: "Text" }).click();
      await waitSaved(page);
      await check(page, "pad-editor", look.label);
      await page.getByRole("button", { name: "Preview" }).click();
      await page.locator("#preview img").waitFor();
      await check(page, "pad-preview", look.label);
      await page.getByRole("button", { name: "Preview" }).click();

      const other = await context.newPage();
      problems.push(...watchProblems(other));
      await other.goto(`${h.server.origin}/p/${slug}`);
      await padView(other);
      await check(other, "pad-locked", look.label);
      await conflict(page, other, slug);
      await check(other, "pad-conflict", look.label);
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it("can be used with the keyboard: tabs by arrow keys, Tab into the text, Ctrl+S saves", async () => {
    const page = await (await newContext(h.browser, h.server.origin)).newPage();
    await createPad(page, h.server.origin, "keyboard", PASSWORD);
    await page.getByRole("button", { name: "Add a tab" }).click();
    await page.getByRole("tab", { name: "Tab 2" }).focus();
    await page.keyboard.press("ArrowLeft");
    expect(
      await page.evaluate(() => [
        document.activeElement?.textContent,
        document.activeElement?.getAttribute("aria-selected"),
      ]),
    ).toEqual(["Text", "true"]);
    await page.keyboard.press("End");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Tab 2");
    // Tab leaves the strip (roving tabindex) and reaches the text area after the panel's tools.
    let reached = false;
    for (let i = 0; i < 12 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => document.activeElement?.id === "text");
    }
    expect(reached).toBe(true);
    await page.keyboard.type("typed by keyboard");
    await page.keyboard.press("Control+s");
    await waitSaved(page);
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe("solid");
  });

  it("says so when the instance has notepads turned off", async () => {
    const off = await startServer({ NOTEPADS: "false" });
    try {
      const page = await (await newContext(h.browser, off.origin)).newPage();
      await page.goto(`${off.origin}/p/anything`);
      expect(await padView(page)).toBe("unavailable");
      await expect(page.locator("#unavailable-text").textContent()).resolves.toBe(
        "Notepads are turned off on this server.",
      );
    } finally {
      await off.stop();
    }
  });

  it("shows a <noscript> explanation without JavaScript", async () => {
    const page = await (await h.browser.newContext({ javaScriptEnabled: false })).newPage();
    await page.goto(`${h.server.origin}/p/no-script`);
    await expect(page.locator("noscript").textContent()).resolves.toMatch(/needs JavaScript/);
  });
});
