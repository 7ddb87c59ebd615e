import { describe, expect, it } from "vitest";
import { newContext, watchProblems } from "./browser";
import { createNote, revealNote, shownText, spyOnClipboard } from "./flows";
import { startServer } from "./server";
import { useHarness } from "./setup";

const h = useHarness();

const KB_NOTE = "s3cret-".repeat(146).slice(0, 1024);

describe("create and reveal in Chromium", () => {
  it("reveals a one-time note in another browser once, then says it is gone", async () => {
    const creator = await (await newContext(h.browser, h.server.origin)).newPage();
    const problems = watchProblems(creator);
    const creatorCopied = await spyOnClipboard(creator);
    const { share } = await createNote(creator, h.server.origin, { text: KB_NOTE });
    expect(share).toMatch(new RegExp(`^${h.server.origin}/n/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$`));
    await creator.getByRole("button", { name: "Copy link", exact: true }).click();
    await creator.locator("#status", { hasText: "Link copied" }).waitFor();
    expect(await creatorCopied()).toEqual([share]);
    expect(await creator.locator("#qr svg path").count()).toBe(1);

    const reader = await (await newContext(h.browser, h.server.origin)).newPage();
    problems.push(...watchProblems(reader));
    const readerCopied = await spyOnClipboard(reader);
    await revealNote(reader, share);
    expect(await shownText(reader)).toBe(KB_NOTE);
    await expect(reader.locator("#after-reveal").textContent()).resolves.toMatch(/last view/);
    await reader.getByRole("button", { name: "Copy text" }).click();
    await reader.locator("#status", { hasText: "Text copied" }).waitFor();
    expect(await readerCopied()).toEqual([KB_NOTE]);

    const again = await (await newContext(h.browser, h.server.origin)).newPage();
    await again.goto(share);
    await again.locator("#gone:not([hidden])").waitFor();
    expect(problems).toEqual([]);
  });

  it("refuses a wrong password, says how many tries remain, then opens with the right one", async () => {
    const creator = await (await newContext(h.browser, h.server.origin)).newPage();
    const { share } = await createNote(creator, h.server.origin, {
      text: KB_NOTE,
      password: "correct horse battery staple",
    });
    const reader = await (await newContext(h.browser, h.server.origin)).newPage();
    await revealNote(reader, share, "wrong password");
    await expect(reader.locator("#password-error").textContent()).resolves.toMatch(/Wrong password\. 9 tries left/);
    expect(await shownText(reader)).toBeNull();
    await revealNote(reader, share, "correct horse battery staple");
    expect(await shownText(reader)).toBe(KB_NOTE);
  });

  it("tells the reader when the last wrong password destroyed the note", async () => {
    const strict = await startServer({ LOCKOUT_LIMIT: "2" });
    try {
      const creator = await (await newContext(h.browser, strict.origin)).newPage();
      const { share } = await createNote(creator, strict.origin, { text: "locked", password: "the right passphrase" });
      const reader = await (await newContext(h.browser, strict.origin)).newPage();
      await revealNote(reader, share, "wrong 1");
      await expect(reader.locator("#password-error").textContent()).resolves.toMatch(/1 try left/);
      await revealNote(reader, share, "wrong 2");
      await reader.locator("#gone:not([hidden])").waitFor();
      await expect(reader.locator("#status").textContent()).resolves.toMatch(/destroyed itself/);
      await reader.goto(share);
      await reader.locator("#gone:not([hidden])").waitFor();
    } finally {
      await strict.stop();
    }
  });

  it("opens a password-only note whose link carries no key", async () => {
    const creator = await (await newContext(h.browser, h.server.origin)).newPage();
    const { share } = await createNote(creator, h.server.origin, {
      text: "pw only",
      password: "a long shared passphrase",
      passwordOnly: true,
    });
    // No key in the link: a v2 note's link carries only the #v2 marker (not a secret), so no server can downgrade it.
    expect(new URL(share).hash).toBe("#v2");
    const reader = await (await newContext(h.browser, h.server.origin)).newPage();
    await revealNote(reader, share, "a long shared passphrase");
    expect(await shownText(reader)).toBe("pw only");
  });

  it("lets exactly one of two browsers pressing Reveal at once see a one-time note", async () => {
    const creator = await (await newContext(h.browser, h.server.origin)).newPage();
    const { share } = await createNote(creator, h.server.origin, { text: "only one of you" });
    const readers = await Promise.all([0, 1].map(async () => (await newContext(h.browser, h.server.origin)).newPage()));
    await Promise.all(
      readers.map(async (page) => {
        await page.goto(share);
        await page.locator("#about:not([hidden])").waitFor();
      }),
    );
    await Promise.all(readers.map((page) => page.getByRole("button", { name: "Reveal the secret" }).click()));
    await Promise.all(
      readers.map((page) => page.locator("#content:not([hidden]), #gone:not([hidden])").first().waitFor()),
    );
    const shown = await Promise.all(readers.map(shownText));
    expect(shown.filter((text) => text === "only one of you")).toHaveLength(1);
    expect(shown.filter((text) => text === null)).toHaveLength(1);
  });

  it("consumes nothing when a link-preview bot fetches the page, with or without running scripts", async () => {
    const creator = await (await newContext(h.browser, h.server.origin)).newPage();
    const { share } = await createNote(creator, h.server.origin, { text: "preview-proof" });
    const id = new URL(share).pathname.split("/")[2];
    const page = await fetch(share.split("#")[0]!, { headers: { "User-Agent": "Slackbot-LinkExpanding 1.0" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<noscript>");
    const noScript = await (await h.browser.newContext({ javaScriptEnabled: false })).newPage();
    await noScript.goto(share);
    await expect(noScript.locator("noscript").textContent()).resolves.toMatch(/needs JavaScript/);
    // A full preview renderer runs scripts too, but never presses Reveal.
    const renderer = await (await newContext(h.browser, h.server.origin)).newPage();
    await renderer.goto(share);
    await renderer.locator("#about:not([hidden])").waitFor();
    const status = await (await fetch(`${h.server.origin}/api/notes/${id}`)).json();
    expect(status.viewsLeft).toBe(1);
    const reader = await (await newContext(h.browser, h.server.origin)).newPage();
    await revealNote(reader, share);
    expect(await shownText(reader)).toBe("preview-proof");
  });
});
