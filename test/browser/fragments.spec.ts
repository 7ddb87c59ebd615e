import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newContext } from "./browser";
import { createNote, revealNote, shownText } from "./flows";
import { useHarness } from "./setup";

// Secrets in a link's fragment are read once and then leave the address bar and history; a reload still works.
const h = useHarness();

async function page(): Promise<Page> {
  return (await newContext(h.browser, h.server.origin)).newPage();
}

const stored = (p: Page) => p.evaluate(() => Object.fromEntries(Object.entries(sessionStorage)));

describe("note page (/n/<id>#<key>)", () => {
  it("removes the key from the address bar and history at once; reload, Back and Forward still work in this tab", async () => {
    const { share } = await createNote(await page(), h.server.origin, { text: "kept out of history", views: 2 });
    const key = new URL(share).hash.slice(1);
    const bare = share.split("#")[0]!;
    const p = await page();
    await p.goto(share);
    await p.locator("#about:not([hidden])").waitFor();
    expect(p.url()).toBe(bare);
    await p.reload();
    await p.locator("#about:not([hidden])").waitFor();
    expect(p.url()).toBe(bare);
    await p.goto(`${h.server.origin}/`);
    await p.goBack();
    await p.locator("#about:not([hidden])").waitFor();
    expect(p.url()).toBe(bare);
    await p.goForward();
    await p.waitForURL(`${h.server.origin}/`);
    await p.goBack();
    await p.locator("#about:not([hidden])").waitFor();
    expect(p.url()).toBe(bare);
    // The key is kept for this tab only, and the note still opens with it.
    expect(Object.values(await stored(p))).toContain(key);
    await p.getByRole("button", { name: "Reveal the secret" }).click();
    await p.locator("#content:not([hidden])").waitFor();
    expect(await shownText(p)).toBe("kept out of history");
    expect(p.url()).toBe(bare);
    // Another tab (a new session) has nothing: the bare address alone says the link is incomplete.
    const other = await page();
    await other.goto(bare);
    await other.locator("#problem:not([hidden])").waitFor();
    await expect(other.locator("#problem-text").textContent()).resolves.toMatch(/^This link is incomplete/);
  });

  it("forgets the key once the note is destroyed: a reload then says the note is gone", async () => {
    const { share } = await createNote(await page(), h.server.origin, { text: "one time" });
    const p = await page();
    await revealNote(p, share);
    expect(await shownText(p)).toBe("one time");
    expect(Object.values(await stored(p))).not.toContain(new URL(share).hash.slice(1));
    await p.reload();
    await p.locator("#gone:not([hidden])").waitFor();
  });

  it("removes the key again when the same link is opened again in the same tab (a fragment-only navigation)", async () => {
    const { share } = await createNote(await page(), h.server.origin, {
      text: "twice",
      password: "a long enough passphrase",
      views: 3,
    });
    const p = await page();
    await revealNote(p, share, "not it");
    await revealNote(p, share, "a long enough passphrase");
    expect(await shownText(p)).toBe("twice");
    expect(p.url()).toBe(share.split("#")[0]);
  });
});

describe("manage page (/m/<id>#<token>)", () => {
  it("removes the token from the address bar and history; reload and Back keep the receipt; once the note is gone the tab forgets it", async () => {
    const { manage } = await createNote(await page(), h.server.origin, { text: "managed", views: 3 });
    const bare = manage.split("#")[0]!;
    const p = await page();
    await p.goto(manage);
    await p.locator("#receipt .state").waitFor();
    expect(p.url()).toBe(bare);
    await p.reload();
    await expect(p.locator("#receipt .state").textContent()).resolves.toBe("Waiting: not opened yet.");
    expect(p.url()).toBe(bare);
    await p.goto(`${h.server.origin}/`);
    await p.goBack();
    await expect(p.locator("#receipt .state").textContent()).resolves.toBe("Waiting: not opened yet.");
    expect(p.url()).toBe(bare);

    await p.getByRole("button", { name: "Delete this secret…" }).click();
    await p.getByRole("button", { name: "Yes, delete it" }).click();
    await p.locator('#receipt .state[data-state="destroyed"]').waitFor();
    expect(Object.values(await stored(p))).not.toContain(new URL(manage).hash.slice(1));
    await p.reload();
    await expect(p.locator("#status").textContent()).resolves.toBe(
      "This secret is gone, so this tab no longer keeps its manage key. Open the whole manage link again to see its final receipt.",
    );
    expect(await p.locator("#receipt").isHidden()).toBe(true);
    // The whole link still shows the final receipt.
    await p.goto(manage);
    await p.locator('#receipt .state[data-state="destroyed"]').waitFor();
    expect(p.url()).toBe(bare);
  });
});
