import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newContext } from "./browser";
import { createNote, revealNote, shownText } from "./flows";
import { startServer } from "./server";
import { useHarness } from "./setup";

const h = useHarness();

const b64 = (bytes: Buffer) => bytes.toString("base64url");

async function reader(): Promise<Page> {
  return (await newContext(h.browser, h.server.origin)).newPage();
}

describe("the open page's states", () => {
  it("refuses a header of an unknown format version (v3) without consuming anything", async () => {
    const { share } = await createNote(await reader(), h.server.origin, { text: "v1 note" });
    const page = await reader();
    await page.route("**/api/notes/*", async (route) => {
      const response = await route.fetch();
      const json = await response.json();
      const header = JSON.parse(Buffer.from(json.header, "base64url").toString("utf8"));
      await route.fulfill({
        response,
        json: { ...json, header: b64(Buffer.from(JSON.stringify({ ...header, v: 3 }))) },
      });
    });
    await page.goto(share);
    await page.locator("#problem:not([hidden])").waitFor();
    await expect(page.locator("#problem-text").textContent()).resolves.toMatch(
      /format this version of hushnote does not know/,
    );
    // Nothing was consumed: an honest browser still opens it.
    const honest = await reader();
    await revealNote(honest, share);
    expect(await shownText(honest)).toBe("v1 note");
  });

  it("shows nothing, and says so, when the ciphertext was tampered with in transit", async () => {
    const { share } = await createNote(await reader(), h.server.origin, { text: "integrity matters", views: 2 });
    const page = await reader();
    await page.route("**/api/notes/*/open", async (route) => {
      const response = await route.fetch();
      const body = await response.body();
      body[body.length - 20]! ^= 1;
      await route.fulfill({ response, body });
    });
    await revealNote(page, share);
    await page.locator("#problem:not([hidden])").waitFor();
    await expect(page.locator("#problem-text").textContent()).resolves.toMatch(/integrity check/);
    expect(await shownText(page)).toBeNull();
    expect(await page.locator("#secret-text").textContent()).toBe("");
  });

  it("says the link is incomplete when the key after # is missing", async () => {
    const { share } = await createNote(await reader(), h.server.origin, { text: "needs key" });
    const page = await reader();
    await page.goto(share.split("#")[0]!);
    await page.locator("#problem:not([hidden])").waitFor();
    await expect(page.locator("#problem-text").textContent()).resolves.toMatch(/incomplete/);
  });

  it("lets the reader destroy a multi-view note at once with Destroy now", async () => {
    const { share } = await createNote(await reader(), h.server.origin, { text: "burn it", views: 5 });
    const page = await reader();
    await revealNote(page, share);
    await expect(page.locator("#after-reveal").textContent()).resolves.toBe("4 views left.");
    await page.getByRole("button", { name: "Destroy now" }).click();
    await page.locator("#after-reveal", { hasText: "Destroyed" }).waitFor();
    const again = await reader();
    await again.goto(share);
    await again.locator("#gone:not([hidden])").waitFor();
  });

  it("shows each tab with its title, text and its own copy button", async () => {
    const tabs = [
      { title: "staging", text: "user=a\npass=b" },
      { title: "production", text: "user=c\npass=d" },
    ];
    const { share } = await createNote(await reader(), h.server.origin, { text: "two environments", tabs });
    const page = await reader();
    await revealNote(page, share);
    expect(await shownText(page)).toBe("two environments");
    const cards = page.locator("#tabs .card");
    expect(await cards.count()).toBe(2);
    for (const [i, tab] of tabs.entries()) {
      await expect(cards.nth(i).locator("h3").textContent()).resolves.toBe(tab.title);
      await expect(cards.nth(i).locator("pre").textContent()).resolves.toBe(tab.text);
      expect(
        await cards
          .nth(i)
          .getByRole("button", { name: `Copy ${tab.title}` })
          .count(),
      ).toBe(1);
    }
  });

  it("follows a strict instance's policy: one-time only, password required", async () => {
    const strict = await startServer({ ONE_TIME_ONLY: "true", PASSWORD_REQUIRED: "true" });
    try {
      const page = await (await newContext(h.browser, strict.origin)).newPage();
      await page.goto(`${strict.origin}/`);
      await page.locator("#limits", { hasText: "one-time only" }).waitFor();
      await expect(page.locator("#limits").textContent()).resolves.toMatch(/Every secret needs a password/);
      await page.locator("#views-policy:not([hidden])").waitFor();
      expect(await page.getByLabel("Any number of views until it expires").isVisible()).toBe(false);
      await page.getByLabel("Secret text").fill("strict");
      await page.getByRole("button", { name: "Create secret link" }).click();
      await expect(page.locator("#status").textContent()).resolves.toMatch(/requires a password/);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("password");
      const { share } = await createNote(page, strict.origin, { text: "strict", password: "a long enough passphrase" });
      const reader = await (await newContext(h.browser, strict.origin)).newPage();
      await revealNote(reader, share, "a long enough passphrase");
      expect(await shownText(reader)).toBe("strict");
    } finally {
      await strict.stop();
    }
  });

  it("attaches files dropped onto the form", async () => {
    const page = await reader();
    await page.goto(`${h.server.origin}/`);
    const data = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(["dropped"], "drop.txt", { type: "text/plain" }));
      return transfer;
    });
    await page.locator("#create-form").dispatchEvent("drop", { dataTransfer: data });
    await expect(page.locator("#file-list li").textContent()).resolves.toMatch(/^drop\.txt \(7 B\)/);
  });
});
