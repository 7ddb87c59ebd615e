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

/** Runs `step` for every look at once (each waits out the whole retry budget, so one after another would be slow). */
const everyLook = <T>(step: (look: (typeof LOOKS)[number]) => Promise<T>): Promise<T[]> => Promise.all(LOOKS.map(step));

describe("the pages when the server stays unreachable", () => {
  it("the create page says no link was made and keeps the text, then creates the note once the server is back", async () => {
    const pages = await everyLook(async (look) => {
      const page = await r.page(look);
      await page.goto(`${r.origin}/`);
      await page.waitForFunction(() => (document.getElementById("expiry") as HTMLSelectElement).options.length > 0);
      await page.getByLabel("Secret text").fill(`kept through an outage (${look.label})`);
      return page;
    });
    r.proxy.fault({ kind: "down", path: API, times: 1000 });
    await everyLook(async (look) => {
      const page = pages[LOOKS.indexOf(look)]!;
      await page.getByRole("button", { name: "Create secret link" }).click();
      expect(await statusError(page)).toBe(
        "The server could not be reached, so no link was made. What you wrote is still here: try again once your connection is back.",
      );
      expect(await page.getByLabel("Secret text").inputValue()).toBe(`kept through an outage (${look.label})`);
      expect(await page.getByRole("button", { name: "Create secret link" }).isEnabled()).toBe(true);
      await check(page, "recovery-create-down", look.label);
    });

    r.proxy.heal();
    const page = pages[0]!;
    await page.getByRole("button", { name: "Create secret link" }).click();
    await page.locator("#result:not([hidden])").waitFor({ timeout: 30_000 });
    const reader = await r.page();
    await reader.goto(await page.locator("#share-link").inputValue());
    await reader.getByRole("button", { name: "Reveal the secret" }).click();
    await reader.locator("#content:not([hidden])").waitFor();
    expect(await shownText(reader)).toBe(`kept through an outage (${LOOKS[0]!.label})`);
  });

  it("the note page says the secret is not shown, and reveals it once the server is back (nothing was consumed)", async () => {
    const pages = await everyLook(async (look) => {
      const { share } = await createNote(await r.page(), r.origin, { text: `waited for the network (${look.label})` });
      const page = await r.page(look);
      await page.goto(share);
      await page.locator("#about:not([hidden])").waitFor();
      return page;
    });
    r.proxy.fault({ kind: "down", path: API, times: 1000 });
    await everyLook(async (look) => {
      const page = pages[LOOKS.indexOf(look)]!;
      await page.getByRole("button", { name: "Reveal the secret" }).click();
      expect(await statusError(page)).toBe(
        "The server could not be reached, so the secret is not shown. Check your connection and press Reveal again.",
      );
      await check(page, "recovery-reveal-down", look.label);
    });

    // Nothing reached the Worker, so nothing was consumed: the same pages reveal it now.
    r.proxy.heal();
    await everyLook(async (look) => {
      const page = pages[LOOKS.indexOf(look)]!;
      await page.getByRole("button", { name: "Reveal the secret" }).click();
      await page.locator("#content:not([hidden])").waitFor();
      expect(await shownText(page)).toBe(`waited for the network (${look.label})`);
    });
  });

  it("the notepad says it is not saved and keeps the text, then saves by itself once the server is back", async () => {
    const pages = await everyLook(async (look) => {
      const page = await r.page(look);
      await createPad(page, r.origin, `recovery-looks-${look.label}-${process.pid}`, PASSWORD);
      expect(await waitSaved(page)).toBe(1);
      return page;
    });
    r.proxy.fault({ kind: "down", path: API, times: 1000 });
    await everyLook(async (look) => {
      const page = pages[LOOKS.indexOf(look)]!;
      await page.locator("#text").fill(`typed while offline (${look.label})`);
      await page.locator('#save-state[data-state="error"]').waitFor({ timeout: 60_000 });
      expect(await page.locator("#save-state").textContent()).toBe(
        "Not saved. The server could not be reached. Your text is still here; trying again in 5 s.",
      );
      expect(await page.locator("#text").inputValue()).toBe(`typed while offline (${look.label})`);
      await check(page, "recovery-pad-down", look.label);
    });

    r.proxy.heal();
    await everyLook(async (look) => {
      const page = pages[LOOKS.indexOf(look)]!;
      expect(await waitSaved(page)).toBe(2);
      expect(await page.locator("#text").inputValue()).toBe(`typed while offline (${look.label})`);
    });
  });
});
