import { describe, expect, it } from "vitest";
import { newContext, watchProblems } from "./browser";
import { createNote, revealNote, shownText } from "./flows";
import { useHarness } from "./setup";

const h = useHarness();

const state = (page: import("playwright-core").Page) => page.locator("#receipt .state");

describe("manage page (/m/<id>#<token>)", () => {
  it("shows the receipt live: waiting, then burned after the recipient reads it", async () => {
    const creator = await (await newContext(h.browser, h.server.origin)).newPage();
    const { share, manage } = await createNote(creator, h.server.origin, { text: "receipt me" });
    const manager = await (await newContext(h.browser, h.server.origin)).newPage();
    const problems = watchProblems(manager);
    const fragmentRequests: { url: string; auth: string | undefined }[] = [];
    manager.on("request", (request) => {
      if (request.url().includes("/fragments/receipt/"))
        fragmentRequests.push({ url: request.url(), auth: request.headers().authorization });
    });
    await manager.goto(manage);
    await expect(state(manager).textContent()).resolves.toBe("Waiting: not opened yet.");

    const reader = await (await newContext(h.browser, h.server.origin)).newPage();
    await revealNote(reader, share);
    expect(await shownText(reader)).toBe("receipt me");
    // No reload: htmx polls the fragment and the status changes by itself.
    await manager.locator('#receipt .state[data-state="destroyed"]').waitFor({ timeout: 15_000 });
    await expect(state(manager).textContent()).resolves.toMatch(/burned after reading/);
    await expect(manager.locator("#status").textContent()).resolves.toMatch(/Status changed/);
    expect(await manager.locator("#delete-block").isHidden()).toBe(true);

    const token = new URL(manage).hash.slice(1);
    expect(fragmentRequests.length).toBeGreaterThan(1);
    for (const request of fragmentRequests) {
      expect(request.url).not.toContain(token);
      expect(request.auth).toBe(`Bearer ${token}`);
    }
    expect(problems).toEqual([]);
  });

  it("deletes the note after confirmation, and the share link is then gone", async () => {
    const creator = await (await newContext(h.browser, h.server.origin)).newPage();
    const { share, manage } = await createNote(creator, h.server.origin, { text: "delete me", views: 5 });
    const manager = await (await newContext(h.browser, h.server.origin)).newPage();
    await manager.goto(manage);
    await expect(state(manager).textContent()).resolves.toBe("Waiting: not opened yet.");
    await manager.getByRole("button", { name: "Delete this secret…" }).click();
    expect(await manager.getByRole("button", { name: "Yes, delete it" }).isVisible()).toBe(true);
    await manager.getByRole("button", { name: "Cancel" }).click();
    expect(await manager.locator("#confirm").isHidden()).toBe(true);
    await manager.getByRole("button", { name: "Delete this secret…" }).click();
    await manager.getByRole("button", { name: "Yes, delete it" }).click();
    await manager.locator('#receipt .state[data-state="destroyed"]').waitFor();
    await expect(state(manager).textContent()).resolves.toBe("Destroyed: deleted.");

    const reader = await (await newContext(h.browser, h.server.origin)).newPage();
    await reader.goto(share);
    await reader.locator("#gone:not([hidden])").waitFor();
  });

  it("says a manage link with someone else's token does not match, and stops asking", async () => {
    const creator = await (await newContext(h.browser, h.server.origin)).newPage();
    const { manage } = await createNote(creator, h.server.origin, { text: "not yours" });
    const manager = await (await newContext(h.browser, h.server.origin)).newPage();
    let polls = 0;
    manager.on("request", (request) => {
      if (request.url().includes("/fragments/receipt/")) polls++;
    });
    await manager.goto(`${manage.split("#")[0]}#${Buffer.alloc(32, 7).toString("base64url")}`);
    await manager.locator("#receipt [data-final]").waitFor();
    await expect(state(manager).textContent()).resolves.toMatch(/does not match/);
    expect(await manager.locator("#delete-block").isHidden()).toBe(true);
    await manager.waitForTimeout(6_000);
    expect(polls).toBe(1);
  });

  it("says a manage link without its token is incomplete", async () => {
    const creator = await (await newContext(h.browser, h.server.origin)).newPage();
    const { manage } = await createNote(creator, h.server.origin, { text: "x" });
    const manager = await (await newContext(h.browser, h.server.origin)).newPage();
    await manager.goto(manage.split("#")[0]!);
    await expect(manager.locator("#status").textContent()).resolves.toMatch(/incomplete/);
    expect(await manager.locator("#receipt").isHidden()).toBe(true);
  });
  it("keeps the receipt through a language switch: the reload carries the token, and the fragments answer in the new language", async () => {
    const creator = await (await newContext(h.browser, h.server.origin)).newPage();
    const { manage } = await createNote(creator, h.server.origin, { text: "switch me", views: 2 });
    const manager = await (await newContext(h.browser, h.server.origin)).newPage();
    const answers: { url: string; language: string | undefined }[] = [];
    manager.on("response", (response) => {
      if (response.url().includes("/fragments/receipt/"))
        answers.push({ url: response.url(), language: response.headers()["content-language"] });
    });
    await manager.goto(manage);
    await expect(state(manager).textContent()).resolves.toBe("Waiting: not opened yet.");
    expect(answers[0]).toMatchObject({ language: "en" });
    expect(answers[0]!.url).toMatch(/\?lang=en$/);

    await manager.locator(".languages:not([hidden]) #language").selectOption("de");
    await manager.waitForFunction(() => document.documentElement.lang === "de");
    await manager.locator('#receipt .state[data-state="waiting"]').waitFor();
    expect(manager.url()).toBe(manage.split("#")[0]);
    expect(answers.at(-1)).toMatchObject({ language: "de" });
    expect(answers.at(-1)!.url).toMatch(/\?lang=de$/);

    // Deleted, then switched back: the whole link came along, so the final receipt shows rather than "forgotten".
    await manager.locator("#delete").click();
    await manager.locator("#confirm-delete").click();
    await manager.locator('#receipt .state[data-state="destroyed"]').waitFor();
    await manager.locator("#language").selectOption("en");
    await manager.waitForFunction(() => document.documentElement.lang === "en");
    await expect(state(manager).textContent()).resolves.toBe("Destroyed: deleted.");
  });

  it("keeps the receipt it shows when something in front of the server answers its own error page", async () => {
    const creator = await (await newContext(h.browser, h.server.origin)).newPage();
    const { manage } = await createNote(creator, h.server.origin, { text: "behind a gateway" });
    const manager = await (await newContext(h.browser, h.server.origin)).newPage();
    await manager.goto(manage);
    await expect(state(manager).textContent()).resolves.toBe("Waiting: not opened yet.");
    let answered = 0;
    await manager.route("**/fragments/receipt/**", (route) => {
      answered++;
      return route.fulfill({ status: 502, contentType: "text/html", body: "<h1>502 Bad Gateway</h1><p>upstream</p>" });
    });
    await manager.evaluate(() => document.getElementById("receipt")?.dispatchEvent(new Event("refresh")));
    await expect.poll(() => answered).toBeGreaterThan(0);
    await manager.waitForTimeout(300);
    expect(await manager.locator("#receipt").textContent()).not.toContain("Bad Gateway");
    await expect(state(manager).textContent()).resolves.toBe("Waiting: not opened yet.");
  });
});
