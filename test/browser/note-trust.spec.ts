import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { seal, WRITE_VERSION } from "../../crypto/index";
import { newContext } from "./browser";
import { createNote, revealNote, shownText } from "./flows";
import { proofRequests, recordRequests } from "./hostile";
import { useHarness } from "./setup";

// The note page against a server that lies about which note, or in which format, it serves.
const h = useHarness();
const PASSWORD = "a long shared passphrase";

async function page(): Promise<Page> {
  return (await newContext(h.browser, h.server.origin)).newPage();
}

/** Serves `header` as the public status of note `id` (the note need not exist). */
async function serveStatus(p: Page, id: string, header: string): Promise<void> {
  await p.route(`**/api/notes/${id}`, (route) =>
    route.request().method() === "GET"
      ? route.fulfill({ json: { id, header, expiresAt: Date.now() + 3_600_000, viewsLeft: 1 } })
      : route.fallback(),
  );
}

const problemText = (p: Page) => p.locator("#problem-text").textContent();

describe("note page: the note the link names, in the format it promises", () => {
  it("refuses note B's header served for A's link, before any proof is sent", async () => {
    const a = await createNote(await page(), h.server.origin, { text: "note A" });
    const b = await createNote(await page(), h.server.origin, { text: "note B" });
    const bId = new URL(b.share).pathname.split("/")[2]!;
    const bStatus = await (await fetch(`${h.server.origin}/api/notes/${bId}`)).json();
    const p = await page();
    const seen = recordRequests(p);
    await serveStatus(p, new URL(a.share).pathname.split("/")[2]!, bStatus.header);
    await p.goto(a.share);
    await p.locator("#problem:not([hidden])").waitFor();
    await expect(problemText(p)).resolves.toBe(
      "The server sent a different note than the one this link points to, so nothing is shown and nothing was sent.",
    );
    expect(proofRequests(seen)).toEqual([]);
  });

  it("refuses a #v2 link when the server serves a v1 header with a salt of its own choosing, before any proof is sent", async () => {
    const id = randomBytes(16).toString("base64url");
    // One fixed salt for every victim, at v1's lowest iteration count: what a server would serve to crack in bulk.
    const v1 = await seal(
      { text: "bait", tabs: [], files: [] },
      {
        kind: "note",
        id,
        views: 1,
        ttl: 3600,
        linkKey: null,
        password: PASSWORD,
        iterations: 310_000,
        salt: new Uint8Array(16),
        version: 1,
      },
    );
    const p = await page();
    const seen = recordRequests(p);
    await serveStatus(p, id, v1.header);
    await p.goto(`${h.server.origin}/n/${id}#v2`);
    await p.locator("#problem:not([hidden])").waitFor();
    await expect(problemText(p)).resolves.toMatch(
      /^This link promises a note in format v2, but the server sent an older format/,
    );
    expect(await p.locator("#password").isVisible()).toBe(false);
    expect(proofRequests(seen)).toEqual([]);
    // The marker is not a secret and stays in the address bar, so a reload keeps the promise.
    expect(new URL(p.url()).hash).toBe("#v2");
    // Without the marker (a v1 link), the same answer is a password-only note like any other.
    const plain = await page();
    await serveStatus(plain, id, v1.header);
    await plain.goto(`${h.server.origin}/n/${id}`);
    await plain.locator("#about:not([hidden])").waitFor();
    expect(await plain.locator("#password").isVisible()).toBe(true);
  });

  it.runIf(WRITE_VERSION === 2)("makes /n/<id>#v2 for a password-only v2 note, and opens it", async () => {
    const { share } = await createNote(await page(), h.server.origin, {
      text: "pw only, v2",
      password: PASSWORD,
      passwordOnly: true,
    });
    expect(share).toMatch(/\/n\/[A-Za-z0-9_-]{22}#v2$/);
    const p = await page();
    await revealNote(p, share, PASSWORD);
    expect(await shownText(p)).toBe("pw only, v2");
    expect(new URL(p.url()).hash).toBe("#v2");
  });
});
