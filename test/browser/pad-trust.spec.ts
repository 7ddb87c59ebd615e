import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newContext } from "./browser";
import { alterPadStatus, fakeV2Pad, proofRequests, recordRequests, withOtherSalt } from "./hostile";
import { createPad, openPad, padView, waitSaved } from "./pad-flows";
import { PASSWORD, usePadHarness } from "./pad-setup";

// The notepad page against a server that lies: another pad at this address, another salt, an older save.
const { h, freshSlug, page } = usePadHarness("trust");

/** Opens the page, waits for a view, and says which. */
async function visit(p: Page, slug: string): Promise<string> {
  await p.goto(`${h.server.origin}/p/${slug}`);
  return padView(p);
}

const title = (p: Page) => p.locator("#unavailable-title").textContent();
const text = (p: Page) => p.locator("#unavailable-text").textContent();

describe("notepad page: what the person asked for, not what the server echoes", () => {
  for (const echo of ["b", "a"] as const) {
    it(`refuses pad B served at /p/A (the server echoing address ${echo.toUpperCase()}): says so, shows nothing, asks for no password`, async () => {
      const [a, b] = [freshSlug(), freshSlug()];
      await createPad(await page(), h.server.origin, a, PASSWORD);
      await createPad(await page(), h.server.origin, b, PASSWORD);
      const bStatus = await (await fetch(`${h.server.origin}/api/pads/${b}`)).json();
      const p = await page();
      const seen = recordRequests(p);
      await alterPadStatus(p, a, () => ({ ...bStatus, slug: echo === "a" ? a : b }));
      // Were the page to follow the echo, it would open B at its address: serve B's content there too.
      await p.route(`**/api/pads/${a}/open`, (route) =>
        route.fulfill({ status: 500, json: { status: 500, error: "must not be asked" } }),
      );
      expect(await visit(p, a)).toBe("unavailable");
      expect(await title(p)).toBe("Not the notepad you asked for");
      expect(await text(p)).toBe(
        `The server answered this address with a different notepad (“${b}”). Nothing is shown, and your password was not asked for.`,
      );
      expect(await p.locator("#password").isVisible()).toBe(false);
      expect(await p.locator("#editor").isHidden()).toBe(true);
      expect(proofRequests(seen)).toEqual([]);
    });
  }
});

describe("notepad page: trust on first use", () => {
  it("warns loudly before the password when the server swaps the salt, and sends no proof unless the person continues", async () => {
    const slug = freshSlug();
    const context = await newContext(h.browser, h.server.origin);
    await createPad(await context.newPage(), h.server.origin, slug, PASSWORD);
    const p = await context.newPage();
    const seen = recordRequests(p);
    await alterPadStatus(p, slug, (status) => ({ ...status, header: withOtherSalt(status.header) }));
    expect(await visit(p, slug)).toBe("changed");
    await expect(p.locator("#changes").textContent()).resolves.toBe(
      "Its password salt is not the one this browser saw before.",
    );
    expect(await p.locator("#password").isVisible()).toBe(false);
    // Stopping is the default: focus is on Stop, so Enter stops.
    expect(await p.evaluate(() => document.activeElement?.id)).toBe("stop");
    await p.keyboard.press("Enter");
    expect(await title(p)).toBe("Stopped");
    expect(proofRequests(seen)).toEqual([]);

    // Reloaded, the same warning; this time the person continues, and only then is a proof sent.
    expect(await visit(p, slug)).toBe("changed");
    expect(proofRequests(seen)).toEqual([]);
    await p
      .getByRole("button", { name: "Continue: I changed the password or recreated this notepad elsewhere" })
      .click();
    await p.locator("#locked:not([hidden])").waitFor();
    await p.locator("#locked").getByLabel("Password", { exact: true }).fill(PASSWORD);
    await p.getByRole("button", { name: "Open", exact: true }).click();
    // The real pad's verifier was made with the real salt, so the proof from the swapped one is wrong.
    await p.locator("#open-error:not(:empty)").waitFor({ timeout: 30_000 });
    expect(proofRequests(seen)).toEqual([`POST /api/pads/${slug}/open`]);
  });

  it("does not warn after a legitimate password change from another browser (same salt), and opens with the new password", async () => {
    const slug = freshSlug();
    const mine = await newContext(h.browser, h.server.origin);
    await createPad(await mine.newPage(), h.server.origin, slug, PASSWORD);
    const theirs = await page();
    await openPad(theirs, h.server.origin, slug, PASSWORD);
    await theirs.locator("summary", { hasText: "Change the password" }).click();
    await theirs
      .locator("#change-password")
      .getByLabel("New password", { exact: true })
      .fill("the new shared passphrase");
    await theirs.getByLabel("Repeat the new password").fill("the new shared passphrase");
    await theirs.getByRole("button", { name: "Change the password" }).click();
    await theirs.locator("#status", { hasText: "Password changed" }).waitFor();
    const p = await mine.newPage();
    expect(await visit(p, slug)).toBe("locked");
    expect((await openPad(p, h.server.origin, slug, "the new shared passphrase")).result).toBe("editor");
  });

  it("refuses the real Worker's older save replayed as the latest, after this browser saved a newer one", async () => {
    const slug = freshSlug();
    const p = await (await newContext(h.browser, h.server.origin)).newPage();
    const bodies: Buffer[] = [];
    p.on("request", (request) => {
      if (request.method() === "PUT") bodies.push(request.postDataBuffer()!);
    });
    await createPad(p, h.server.origin, slug, PASSWORD);
    await p.locator("#text").fill("the old text");
    expect(await waitSaved(p)).toBe(2);
    await p.locator("#text").fill("the new text");
    expect(await waitSaved(p)).toBe(3);
    // The server answers with version 2's body (and says version 2): only the body's own sealed version can tell.
    await alterPadStatus(p, slug, (status) => ({ ...status, version: 2 }));
    await p.route(`**/api/pads/${slug}/open`, async (route) => {
      const response = await route.fetch();
      const meta = { ...JSON.parse(response.headers()["hushnote-open"]!), version: 2, size: bodies[1]!.length };
      await route.fulfill({
        response,
        body: bodies[1],
        headers: { ...response.headers(), "hushnote-open": JSON.stringify(meta) },
      });
    });
    expect(await visit(p, slug)).toBe("locked");
    await p.locator("#locked").getByLabel("Password", { exact: true }).fill(PASSWORD);
    await p.getByRole("button", { name: "Open", exact: true }).click();
    await p.locator("#unavailable:not([hidden])").waitFor({ timeout: 30_000 });
    expect(await title(p)).toBe("Older version refused");
    expect(await p.locator("#text").inputValue()).toBe("");
  });

  it("refuses a rollback to an older save and says so (format v2: the save's version is inside the encryption)", async () => {
    const slug = freshSlug();
    const context = await newContext(h.browser, h.server.origin);
    const p = await context.newPage();
    const server = await fakeV2Pad(p, slug, PASSWORD, 3);
    expect((await openPad(p, h.server.origin, slug, PASSWORD)).result).toBe("editor");
    expect(await p.locator("#text").inputValue()).toBe("version 3");
    // Later the server passes off save 2 as the latest (its own version number agrees; only the body can tell).
    server.serve(2);
    expect(await visit(p, slug)).toBe("locked");
    await p.locator("#locked").getByLabel("Password", { exact: true }).fill(PASSWORD);
    await p.getByRole("button", { name: "Open", exact: true }).click();
    await p.locator("#unavailable:not([hidden])").waitFor({ timeout: 30_000 });
    expect(await title(p)).toBe("Older version refused");
    await expect(text(p)).resolves.toMatch(
      /^The server sent an older version of this notepad than the one this browser has already seen \(version 3\)\./,
    );
    expect(await p.locator("#editor").isHidden()).toBe(true);
    expect(await p.locator("#text").inputValue()).toBe("");
    // A browser that never saw save 3 cannot tell, and opens save 2: the protection is this browser's memory.
    const fresh = await page();
    await fakeV2Pad(fresh, slug, PASSWORD, 2);
    expect((await openPad(fresh, h.server.origin, slug, PASSWORD)).result).toBe("editor");
  });

  it("says so when a notepad this browser knew is gone from its address (deleted elsewhere)", async () => {
    const slug = freshSlug();
    const mine = await newContext(h.browser, h.server.origin);
    await createPad(await mine.newPage(), h.server.origin, slug, PASSWORD);
    const theirs = await page();
    await openPad(theirs, h.server.origin, slug, PASSWORD);
    await theirs.getByText("Delete this notepad", { exact: true }).click();
    await theirs.getByRole("button", { name: "Delete this notepad…" }).click();
    await theirs.getByRole("button", { name: "Yes, delete it" }).click();
    await theirs.locator("#unavailable:not([hidden])").waitFor();
    const p = await mine.newPage();
    expect(await visit(p, slug)).toBe("free");
    expect(await p.locator("#free-before").isVisible()).toBe(true);
    // The browser that deleted it forgot the address.
    expect(await visit(theirs, slug)).toBe("free");
    expect(await theirs.locator("#free-before").isVisible()).toBe(false);
  });
});
