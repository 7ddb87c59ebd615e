/**
 * A person creating and revealing notes while answers get lost on the way back: the Worker did the work, the page never
 * heard, and the page's own retry (same manageToken, same grant) must end as if the first answer had arrived.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Receipt } from "../../protocol/wire";
import { watchProblems } from "./browser";
import { createNote, revealNote, shownText } from "./flows";
import type { Passed } from "./recovery-proxy";
import { unexpected, useRecovery } from "./recovery-setup";

const r = useRecovery();

/** The requests of one route, as the proxy saw them. */
const calls = (method: string, path: RegExp): Passed[] =>
  r.proxy.passed.filter((p) => p.method === method && path.test(p.path));

/** The note's receipt, read straight from the Worker with the manage link's token. */
async function receipt(manage: string): Promise<Receipt> {
  const url = new URL(manage);
  const id = url.pathname.split("/").at(-1)!;
  const response = await fetch(`${r.direct}/api/notes/${id}/receipt`, {
    headers: { Authorization: `Bearer ${url.hash.slice(1)}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Receipt;
}

describe("the create page when the create answer is lost", () => {
  it("ends with a working link to a note created once, after the Worker committed twice-lost answers", async () => {
    const page = await r.page();
    const problems = watchProblems(page);
    // Twice: Chromium itself may resend a request whose reused connection reset, before the page's code sees it.
    r.proxy.fault({ kind: "lose", method: "POST", path: /^\/api\/notes$/, times: 2 });
    const { share, manage } = await createNote(page, r.origin, { text: "made once, answered late" });

    const creates = calls("POST", /^\/api\/notes$/);
    expect(creates.map((c) => [c.workerStatus, c.clientGot])).toEqual([
      [201, "reset"],
      [201, "reset"],
      [201, 201],
    ]);
    // One key for all three: the retries are the same request, which the Worker recognised as already done.
    expect(new Set(creates.map((c) => c.key)).size).toBe(1);
    expect(creates[0]!.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(manage.endsWith(`#${creates[0]!.key}`)).toBe(true);

    const events = (await receipt(manage)).events.map((e) => e.type);
    expect(events).toEqual(["created"]);
    const reader = await r.page();
    await revealNote(reader, share);
    expect(await shownText(reader)).toBe("made once, answered late");
    expect((await receipt(manage)).events.map((e) => e.type)).toEqual(["created", "opened", "destroyed"]);
    expect(unexpected(problems)).toEqual([]);
  });

  it("rides out a gateway answering 502 and 503 before letting the create through", async () => {
    const page = await r.page();
    r.proxy.fault({ kind: "answer", status: 502, method: "POST", path: /^\/api\/notes$/, times: 1 });
    r.proxy.fault({ kind: "answer", status: 503, method: "POST", path: /^\/api\/notes$/, times: 1 });
    const { share, manage } = await createNote(page, r.origin, { text: "through a flaky gateway" });
    expect(calls("POST", /^\/api\/notes$/).map((c) => c.clientGot)).toEqual([502, 503, 201]);
    expect((await receipt(manage)).events.map((e) => e.type)).toEqual(["created"]);
    const reader = await r.page();
    await revealNote(reader, share);
    expect(await shownText(reader)).toBe("through a flaky gateway");
  });
});

describe("the note page when the open answer is lost", () => {
  it("still shows a one-time secret whose view the Worker consumed, and the note is gone afterwards", async () => {
    const { share, manage } = await createNote(await r.page(), r.origin, { text: "burned, then delivered" });
    r.proxy.passed.length = 0;
    const reader = await r.page();
    const problems = watchProblems(reader);
    r.proxy.fault({ kind: "lose", method: "POST", path: /\/open$/, times: 2 });
    await revealNote(reader, share);
    expect(await shownText(reader)).toBe("burned, then delivered");

    const opens = calls("POST", /\/open$/);
    expect(opens.map((c) => [c.workerStatus, c.clientGot])).toEqual([
      [200, "reset"],
      [200, "reset"],
      [200, 200],
    ]);
    // The same grant each time: the Worker answered the repeats from its escrow, consuming nothing more.
    expect(new Set(opens.map((c) => c.key)).size).toBe(1);
    expect(opens[0]!.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await receipt(manage)).events.map((e) => e.type)).toEqual(["created", "opened", "destroyed"]);

    const second = await r.page();
    await second.goto(share);
    await second.locator("#gone:not([hidden])").waitFor();
    expect(unexpected(problems)).toEqual([]);
  });

  it("keeps a note of several views counted once for a lost answer", async () => {
    const { share, manage } = await createNote(await r.page(), r.origin, { text: "three views", views: 3 });
    const reader = await r.page();
    r.proxy.fault({ kind: "lose", method: "POST", path: /\/open$/, times: 1 });
    await revealNote(reader, share);
    expect(await shownText(reader)).toBe("three views");
    expect(await reader.locator("#after-reveal").textContent()).toBe("2 views left.");
    expect((await receipt(manage)).viewsLeft).toBe(2);
  });
});

describe("the note page when every answer of an open is lost", () => {
  it("shows the secret on the next press of Reveal: the same grant gets back the view the lost open used", async () => {
    const { share, manage } = await createNote(await r.page(), r.origin, { text: "used up, then redeemed" });
    const reader = await r.page();
    await reader.goto(share);
    await reader.locator("#about:not([hidden])").waitFor();
    r.proxy.passed.length = 0;
    r.proxy.fault({ kind: "lose", method: "POST", path: /\/open$/, times: 1000 });
    await reader.getByRole("button", { name: "Reveal the secret" }).click();
    await reader.locator("#status.error").waitFor({ timeout: 60_000 });
    // The Worker burned the one-time note at the first of the six calls; the page never heard.
    expect((await receipt(manage)).events.map((e) => e.type)).toEqual(["created", "opened", "destroyed"]);

    r.proxy.heal();
    await reader.getByRole("button", { name: "Reveal the secret" }).click();
    await reader.locator("#content:not([hidden])").waitFor();
    expect(await shownText(reader)).toBe("used up, then redeemed");
    const opens = calls("POST", /\/open$/);
    // Six tries, the press after healing, and any Chromium resent itself on a reset connection.
    expect(opens.length).toBeGreaterThanOrEqual(7);
    expect(new Set(opens.map((c) => c.key)).size).toBe(1);
    expect((await receipt(manage)).events.map((e) => e.type)).toEqual(["created", "opened", "destroyed"]);
  });
});

describe("the pages when a gateway keeps failing", () => {
  it("say what the server answered, that nothing was made or shown, and keep the person's text", async () => {
    const { share } = await createNote(await r.page(), r.origin, { text: "behind a broken gateway" });
    const creator = await r.page();
    await creator.goto(`${r.origin}/`);
    await creator.waitForFunction(() => (document.getElementById("expiry") as HTMLSelectElement).options.length > 0);
    await creator.getByLabel("Secret text").fill("not lost");
    const reader = await r.page();
    await reader.goto(share);
    await reader.locator("#about:not([hidden])").waitFor();
    r.proxy.passed.length = 0;
    r.proxy.fault({ kind: "answer", status: 503, method: "POST", path: /^\/api\/notes$/, times: 1000 });
    r.proxy.fault({ kind: "answer", status: 502, method: "POST", path: /\/open$/, times: 1000 });

    const status = (page: Page) =>
      page
        .locator("#status.error")
        .waitFor({ timeout: 60_000 })
        .then(() => page.locator("#status").textContent());
    await creator.getByRole("button", { name: "Create secret link" }).click();
    await reader.getByRole("button", { name: "Reveal the secret" }).click();
    const [created, revealed] = await Promise.all([status(creator), status(reader)]);
    expect(created).toBe("The server answered 503. No link was made, and what you wrote is still here.");
    expect(await creator.getByLabel("Secret text").inputValue()).toBe("not lost");
    expect(revealed).toBe("The server answered 502. The secret is not shown; press Reveal again in a moment.");
    // Five calls for the create, six for the open: the budgets the clients promise, then they stop.
    expect(calls("POST", /^\/api\/notes$/)).toHaveLength(5);
    expect(calls("POST", /\/open$/)).toHaveLength(6);

    r.proxy.heal();
    await reader.getByRole("button", { name: "Reveal the secret" }).click();
    await reader.locator("#content:not([hidden])").waitFor();
    expect(await shownText(reader)).toBe("behind a broken gateway");
  });
});
