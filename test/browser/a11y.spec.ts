import { describe, expect, it } from "vitest";
import { newContext } from "./browser";
import { createNote, revealNote } from "./flows";
import { check, LOOKS } from "./looks";
import { useHarness } from "./setup";

const h = useHarness();

describe("accessibility and looks", () => {
  for (const look of LOOKS) {
    it(`has no serious or critical axe violations on any page (${look.label}), screenshots saved`, async () => {
      const context = await newContext(h.browser, h.server.origin, look);
      const page = await context.newPage();
      await page.goto(`${h.server.origin}/`);
      await page.locator("#limits", { hasText: "per note" }).waitFor();
      await page.getByLabel("Secret text").fill("The wifi password is correct-horse-battery-staple");
      await page.getByRole("button", { name: "Add a tab" }).click();
      await page.getByLabel("Tab 1 title").fill("staging");
      await page.getByRole("button", { name: "Generate passphrase" }).click();
      await check(page, "create", look.label);
      const tabs = [{ title: "staging", text: "user: deploy\npassword: x7-lantern-orbit" }];
      const files = [{ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") }];
      const { share, manage } = await createNote(page, h.server.origin, {
        text: "db password: hunter2\nuser: admin",
        password: "a long enough passphrase",
        views: 3,
        tabs,
        files,
      });
      await check(page, "create-result", look.label);

      const reader = await context.newPage();
      await reader.goto(share);
      await reader.locator("#about:not([hidden])").waitFor();
      await check(reader, "open", look.label);
      await revealNote(reader, share, "wrong one");
      await check(reader, "open-wrong-password", look.label);
      await revealNote(reader, share, "a long enough passphrase");
      await check(reader, "revealed", look.label);

      const manager = await context.newPage();
      await manager.goto(manage);
      await manager.locator("#receipt .state").waitFor();
      await check(manager, "manage", look.label);
      await context.close();
    });
  }

  it("can be used with the keyboard alone: Tab reaches the text, options and Create, and focus is visible", async () => {
    const page = await (await newContext(h.browser, h.server.origin)).newPage();
    await page.goto(`${h.server.origin}/`);
    await page.waitForFunction(() => (document.getElementById("expiry") as HTMLSelectElement).options.length > 0);
    await page.keyboard.press("Tab"); // the hushnote home link
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("href"))).toBe("/request");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("text");
    await page.keyboard.type("typed by keyboard");
    let reached = false;
    for (let i = 0; i < 20 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => document.activeElement?.id === "create");
    }
    expect(reached).toBe(true);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).toBe("solid");
    await page.keyboard.press("Enter");
    await page.locator("#result:not([hidden])").waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("result-title");
  });
});
