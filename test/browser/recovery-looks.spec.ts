/**
 * When the server stays unreachable after the pages' own retries: each page says so in plain words, keeps what the
 * person wrote, and carries on once the server is back. Screenshots of those states go to test-artifacts/.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createNote, shownText } from "./flows";
import { check } from "./looks";
import { createPad, waitSaved } from "./pad-flows";
import { useRecovery } from "./recovery-setup";

const r = useRecovery();
const PASSWORD = "correct horse battery staple";
const API = /^\/api\//;
const LOOKS = [
  { label: "light-desktop", dark: false, width: 1280 },
  { label: "dark-desktop", dark: true, width: 1280 },
  { label: "light-390", dark: false, width: 390 },
  { label: "dark-390", dark: true, width: 390 },
];

/** Waits for the page's status line to show an error and returns its words. */
async function statusError(page: Page): Promise<string> {
  await page.locator("#status.error").waitFor({ timeout: 60_000 });
  return (await page.locator("#status").textContent())!;
}

describe("the pages when the server stays unreachable", () => {
  for (const look of LOOKS) {
    it(`the create page says no link was made and keeps the text, then creates it (${look.label})`, async () => {
      const page = await r.page(look);
      await page.goto(`${r.origin}/`);
      await page.waitForFunction(() => (document.getElementById("expiry") as HTMLSelectElement).options.length > 0);
      await page.getByLabel("Secret text").fill("kept through an outage");
      r.proxy.fault({ kind: "down", path: API, times: 1000 });
      await page.getByRole("button", { name: "Create secret link" }).click();
      expect(await statusError(page)).toBe(
        "The server could not be reached, so no link was made. What you wrote is still here: try again once your connection is back.",
      );
      expect(await page.getByLabel("Secret text").inputValue()).toBe("kept through an outage");
      expect(await page.getByRole("button", { name: "Create secret link" }).isEnabled()).toBe(true);
      await check(page, "recovery-create-down", look.label);

      r.proxy.heal();
      await page.getByRole("button", { name: "Create secret link" }).click();
      await page.locator("#result:not([hidden])").waitFor({ timeout: 30_000 });
      const reader = await r.page();
      await reader.goto(await page.locator("#share-link").inputValue());
      await reader.getByRole("button", { name: "Reveal the secret" }).click();
      await reader.locator("#content:not([hidden])").waitFor();
      expect(await shownText(reader)).toBe("kept through an outage");
    });

    it(`the note page says the secret is not shown, then reveals it once the server is back (${look.label})`, async () => {
      const { share } = await createNote(await r.page(), r.origin, { text: "waited for the network" });
      const page = await r.page(look);
      await page.goto(share);
      await page.locator("#about:not([hidden])").waitFor();
      r.proxy.fault({ kind: "down", path: API, times: 1000 });
      await page.getByRole("button", { name: "Reveal the secret" }).click();
      expect(await statusError(page)).toBe(
        "The server could not be reached, so the secret is not shown. Check your connection and press Reveal again.",
      );
      await check(page, "recovery-reveal-down", look.label);

      // Nothing reached the Worker, so nothing was consumed: the same page reveals it now.
      r.proxy.heal();
      await page.getByRole("button", { name: "Reveal the secret" }).click();
      await page.locator("#content:not([hidden])").waitFor();
      expect(await shownText(page)).toBe("waited for the network");
    });

    it(`the notepad says it is not saved and keeps the text, then saves by itself (${look.label})`, async () => {
      const slug = `recovery-looks-${look.label}-${process.pid}`;
      const page = await r.page(look);
      await createPad(page, r.origin, slug, PASSWORD);
      expect(await waitSaved(page)).toBe(1);
      r.proxy.fault({ kind: "down", path: API, times: 1000 });
      await page.locator("#text").fill("typed while offline");
      await page.locator('#save-state[data-state="error"]').waitFor({ timeout: 60_000 });
      expect(await page.locator("#save-state").textContent()).toBe(
        "Not saved. The server could not be reached. Your text is still here; trying again in 5 s.",
      );
      expect(await page.locator("#text").inputValue()).toBe("typed while offline");
      await check(page, "recovery-pad-down", look.label);

      r.proxy.heal();
      expect(await waitSaved(page)).toBe(2);
      expect(await page.locator("#text").inputValue()).toBe("typed while offline");
    });
  }
});
