import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { watchProblems } from "./browser";
import { drawPng } from "./flows";
import { createPad, openPad, padView, pasteFiles, readTabs, saveState, waitSaved } from "./pad-flows";
import { PASSWORD, usePadHarness } from "./pad-setup";

// Many saves and opens from one address in a few seconds: the Worker's per-address limits would get in the way.
const { h, freshSlug, page } = usePadHarness("pad");

async function type(p: Page, text: string): Promise<void> {
  await p.locator("#text").fill(text);
}

describe("notepad page", () => {
  it("creates a pad, autosaves a moment after typing, saves on Ctrl+S, and reopens it elsewhere", async () => {
    const slug = freshSlug();
    const writer = await page();
    const problems = watchProblems(writer);
    await createPad(writer, h.server.origin, slug, PASSWORD);
    expect(await waitSaved(writer)).toBe(1);
    await type(writer, "first line");
    expect(await saveState(writer)).toBe("unsaved");
    expect(await waitSaved(writer)).toBe(2);
    await writer.locator("#text").press("End");
    await writer.keyboard.type(" and more");
    await writer.keyboard.press("Control+s");
    expect(await waitSaved(writer)).toBe(3);

    const reader = await page();
    expect((await openPad(reader, h.server.origin, slug, PASSWORD)).result).toBe("editor");
    expect(await reader.locator("#text").inputValue()).toBe("first line and more");
    expect(problems).toEqual([]);
  });

  it("refuses two different new passwords; a generated passphrase fills both fields, is rated strong, and opens the pad", async () => {
    const slug = freshSlug();
    const p = await page();
    await p.goto(`${h.server.origin}/p/${slug}`);
    await padView(p);
    const free = p.locator("#free");
    await free.getByLabel("New password", { exact: true }).fill("one thing");
    await free.getByLabel("Repeat the password").fill("another");
    await free.getByRole("button", { name: "Create the notepad" }).click();
    await expect(p.locator("#create-error").textContent()).resolves.toBe("The two passwords differ.");
    await free.getByRole("button", { name: "Generate passphrase" }).click();
    const generated = await free.getByLabel("New password", { exact: true }).inputValue();
    expect(generated).toMatch(/^([a-z]{6}-){4}[a-z]{6}$/);
    expect(await free.getByLabel("Repeat the password").inputValue()).toBe(generated);
    expect(await p.locator("#new-strength").getAttribute("data-level")).toBe("strong");
    await free.getByRole("button", { name: "Create the notepad" }).click();
    await p.locator("#editor:not([hidden])").waitFor();
    expect((await openPad(await page(), h.server.origin, slug, generated)).result).toBe("editor");
  });

  it("keeps tabs added, renamed, reordered by keyboard and closed (with undo) across a reopen", async () => {
    const slug = freshSlug();
    const p = await page();
    await createPad(p, h.server.origin, slug, PASSWORD);
    await type(p, "main text");
    await p.getByRole("button", { name: "Add a tab" }).click();
    await p.getByLabel("Tab name").fill("servers");
    await type(p, "db-1, db-2");
    await p.getByRole("button", { name: "Add a tab" }).click();
    await p.getByLabel("Tab name").fill("scratch");
    await type(p, "throwaway");
    // Move "servers" first with the keyboard.
    await p.getByRole("tab", { name: "servers" }).click();
    await p.getByRole("tab", { name: "servers" }).press("Alt+Shift+ArrowLeft");
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe("servers");
    await p.getByRole("tab", { name: "scratch" }).click();
    await p.getByRole("button", { name: "Close tab" }).click();
    await p.getByRole("button", { name: "Reopen the closed tab" }).click();
    await p.getByRole("button", { name: "Close tab" }).click();
    await waitSaved(p);

    const again = await page();
    await openPad(again, h.server.origin, slug, PASSWORD);
    expect(await readTabs(again)).toEqual([
      { title: "servers", text: "db-1, db-2" },
      { title: "Text", text: "main text" },
    ]);
  });

  it("shows a second browser's save as a conflict and loses neither person's text", async () => {
    const slug = freshSlug();
    const alice = await page();
    await createPad(alice, h.server.origin, slug, PASSWORD);
    await type(alice, "base");
    await waitSaved(alice);
    const bob = await page();
    await openPad(bob, h.server.origin, slug, PASSWORD);

    await type(alice, "alice's version");
    await waitSaved(alice);
    await type(bob, "bob's version");
    await bob.locator('#save-state[data-state="conflict"]').waitFor();
    await bob.locator("#conflict:not([hidden]) #keep-mine").waitFor();
    await expect(bob.locator("#theirs").textContent()).resolves.toContain("alice's version");
    // Nothing was overwritten: a third reader still sees Alice's text.
    const carol = await page();
    await openPad(carol, h.server.origin, slug, PASSWORD);
    expect(await carol.locator("#text").inputValue()).toBe("alice's version");

    await bob.getByRole("button", { name: "Keep mine as a new tab" }).click();
    await waitSaved(bob);
    await openPad(carol, h.server.origin, slug, PASSWORD);
    expect(await readTabs(carol)).toEqual([
      { title: "Text", text: "alice's version" },
      { title: "Text (mine)", text: "bob's version" },
    ]);
  });

  it("overwrites only after the person has seen both versions and chosen to", async () => {
    const slug = freshSlug();
    const alice = await page();
    await createPad(alice, h.server.origin, slug, PASSWORD);
    const bob = await page();
    await openPad(bob, h.server.origin, slug, PASSWORD);
    await type(alice, "alice");
    await waitSaved(alice);
    await type(bob, "bob");
    await bob.locator("#conflict:not([hidden]) #overwrite").waitFor();
    await expect(bob.locator("#theirs").textContent()).resolves.toContain("alice");
    await bob.getByRole("button", { name: "Overwrite theirs with mine" }).click();
    await waitSaved(bob);
    await openPad(alice, h.server.origin, slug, PASSWORD);
    expect(await alice.locator("#text").inputValue()).toBe("bob");
  });

  it("round-trips a pasted image byte-exact and shows it in the Markdown preview", async () => {
    const slug = freshSlug();
    const p = await page();
    await createPad(p, h.server.origin, slug, PASSWORD);
    const png = await drawPng(p);
    await type(p, "Look:\n");
    await p.locator("#text").press("Control+End");
    await pasteFiles(p, [{ name: "", type: "image/png", bytes: png }]);
    // The page reads the pasted file before it writes the reference: on a busy machine that takes a moment.
    await expect
      .poll(() => p.locator("#text").inputValue())
      .toBe("Look:\n![pasted-image.png](attachment:pasted-image.png)");
    await waitSaved(p);

    const reader = await page();
    await openPad(reader, h.server.origin, slug, PASSWORD);
    await reader.getByRole("button", { name: "Preview" }).click();
    const img = reader.locator("#preview img");
    await img.waitFor();
    expect(
      await img.evaluate((el: HTMLImageElement) =>
        el.decode().then(() => [el.naturalWidth, el.naturalHeight, el.src.startsWith("blob:")]),
      ),
    ).toEqual([64, 48, true]);
    const [download] = await Promise.all([
      reader.waitForEvent("download"),
      reader.getByRole("link", { name: /^pasted-image\.png/ }).click(),
    ]);
    expect(readFileSync((await download.path())!).equals(png)).toBe(true);
  });

  it("renders Markdown without raw HTML, script links or remote images", async () => {
    const slug = freshSlug();
    const p = await page();
    const problems = watchProblems(p);
    await createPad(p, h.server.origin, slug, PASSWORD);
    await type(
      p,
      '# Title\n\n<img src=x onerror="window.__pwned=1"> **bold**\n\n[click](javascript:window.__pwned=2) ![remote](https://example.com/x.png) <script>window.__pwned=3</script>',
    );
    await p.getByRole("button", { name: "Preview" }).click();
    const preview = p.locator("#preview");
    await expect(preview.locator("h1").textContent()).resolves.toBe("Title");
    await expect(preview.locator("strong").textContent()).resolves.toBe("bold");
    expect(await preview.locator("img, script").count()).toBe(0);
    await expect(preview.textContent()).resolves.toContain('<img src=x onerror="window.__pwned=1">');
    const hrefs = await preview.locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    expect(hrefs.every((href) => href === null || !/^javascript:/i.test(href))).toBe(true);
    expect(await p.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(problems).toEqual([]);
  });
});
