import { describe, expect, it } from "vitest";
import { newContext, watchProblems } from "./browser";
import { askForSecret, openAnswer, openRequest, sendAnswer } from "./request-flows";
import { fetchRequest, serialize, tamperRequest } from "./request-tamper";
import { useHarness } from "./setup";

const h = useHarness();
const page = async () => (await newContext(h.browser, h.server.origin)).newPage();

describe("secret requests, page to page", () => {
  it("asks, answers and opens the answer once; the secret and the keys never leave the browsers", async () => {
    const asker = await page();
    const answerer = await page();
    const problems = [...watchProblems(asker), ...watchProblems(answerer)];
    const traffic: Promise<string>[] = [];
    for (const p of [asker, answerer]) p.on("request", (request) => traffic.push(serialize(request)));
    const asked = await askForSecret(asker, h.server.origin, { description: "the staging DB password, please" });
    // The private link's fragment left the address bar; the page now follows the request at /q/<id>.
    expect(asker.url()).toBe(`${h.server.origin}/q/${asked.id}`);
    expect(asked.private).toMatch(new RegExp(`/q/${asked.id}#[A-Za-z0-9_-]{171}$`));
    expect(asked.request).toMatch(new RegExp(`/r/${asked.id}#[A-Za-z0-9_-]{43}\\.[A-Za-z0-9_-]{43}$`));
    await asker.locator('#request-status .state[data-state="waiting"]').waitFor();

    expect(await openRequest(answerer, asked.request)).toBe("ready");
    expect(answerer.url()).toBe(`${h.server.origin}/r/${asked.id}`);
    expect(await answerer.locator("#description").textContent()).toBe("the staging DB password, please");
    await expect(answerer.locator("#readers").textContent()).resolves.toMatch(
      /^Only the person who sent you this link/,
    );
    const secret = "hunter2-staging-7c1f";
    expect(await sendAnswer(answerer, secret)).toBe("sent");
    // This tab forgot the request link once it was answered: a reload says so instead of offering the form again.
    await answerer.reload();
    await answerer.locator("#closed-text", { hasText: "You already answered this request from this tab." }).waitFor();

    // No reload: the status changes by itself, and the answer opens on the note page.
    await asker.locator('#request-status .state[data-state="answered"]').waitFor({ timeout: 15_000 });
    expect(await openAnswer(asker)).toBe(secret);

    // Opened once: the private link again finds it gone, and offers nothing to open.
    const again = await page();
    await again.goto(asked.private);
    expect(again.url()).toBe(`${h.server.origin}/q/${asked.id}`);
    await again.locator("#answer-list li", { hasText: "it is gone" }).waitFor({ timeout: 15_000 });
    expect(await again.getByRole("button", { name: "Open the answer" }).count()).toBe(0);

    const sent = (await Promise.all(traffic)).join("\n");
    expect(sent).not.toContain(secret);
    expect(sent).not.toContain("the staging DB password");
    expect(sent).not.toContain(asked.private.split("#")[1]);
    expect(sent).not.toContain(asked.request.split("#")[1]);
    expect(problems).toEqual([]);
  });

  it("refuses a second answer on the page, and a later visitor finds the request closed", async () => {
    const asked = await askForSecret(await page(), h.server.origin);
    const [first, second] = [await page(), await page()];
    expect(await openRequest(first, asked.request)).toBe("ready");
    expect(await openRequest(second, asked.request)).toBe("ready");
    expect(await sendAnswer(first, "first")).toBe("sent");
    expect(await sendAnswer(second, "second")).toBe("closed");
    await expect(second.locator("#closed-text").textContent()).resolves.toMatch(/already been answered/);
    expect(await openRequest(await page(), asked.request)).toBe("closed");
  });

  it("cannot be answered once the asker withdrew it, and withdrawing destroys an answer not yet opened", async () => {
    const asker = await page();
    const asked = await askForSecret(asker, h.server.origin, { answers: 2 });
    const answerer = await page();
    expect(await openRequest(answerer, asked.request)).toBe("ready");
    expect(await sendAnswer(answerer, "one of two")).toBe("sent");
    await asker.getByRole("button", { name: "Open the answer" }).waitFor({ timeout: 15_000 });
    const late = await page();
    expect(await openRequest(late, asked.request)).toBe("ready");
    const token = Buffer.from(asked.private.split("#")[1] ?? "", "base64url")
      .subarray(96)
      .toString("base64url");
    const listed = await fetch(`${h.server.origin}/api/requests/${asked.id}/answers`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const { answers } = (await listed.json()) as { answers: { noteId: string }[] };
    expect(answers).toHaveLength(1);

    await asker.getByRole("button", { name: "Withdraw this request…" }).click();
    await asker.getByRole("button", { name: "Yes, withdraw it" }).click();
    await asker.locator('#request-status .state[data-state="revoked"]').waitFor();
    expect(await asker.locator("#answers-block").isHidden()).toBe(true);
    expect(await sendAnswer(late, "too late")).toBe("closed");
    await expect(late.locator("#closed-text").textContent()).resolves.toMatch(/before your answer was stored/);
    expect(await openRequest(await page(), asked.request)).toBe("closed");
    expect((await fetch(`${h.server.origin}/api/notes/${answers[0]?.noteId}`)).status).toBe(404);
  });
});

describe("secret requests, a dishonest server", () => {
  it("refuses a request whose public key the server swapped, before anything is sent", async () => {
    const asked = await askForSecret(await page(), h.server.origin, { description: "swap me" });
    const other = await askForSecret(await page(), h.server.origin);
    const answerer = await page();
    const otherKey = (await fetchRequest(other.request)).publicKey;
    await tamperRequest(answerer, asked.id, (info) => ({ ...info, publicKey: otherKey }));
    const posts: string[] = [];
    answerer.on("request", (request) => {
      if (request.method() !== "GET") posts.push(`${request.method()} ${request.url()}`);
    });
    expect(await openRequest(answerer, asked.request)).toBe("refused");
    await expect(answerer.locator("#refused-text").textContent()).resolves.toMatch(
      /^This request's key is not the one in your link: do not answer/,
    );
    expect(await answerer.locator("#answer-form").isHidden()).toBe(true);
    expect(await answerer.locator("#description").textContent()).toBe("");
    expect(posts).toEqual([]);
  });

  it("refuses a request whose description the server swapped for another request's", async () => {
    const asked = await askForSecret(await page(), h.server.origin, { description: "mine" });
    const other = await askForSecret(await page(), h.server.origin, { description: "send it to me instead" });
    const { description } = await fetchRequest(other.request);
    const answerer = await page();
    await tamperRequest(answerer, asked.id, (info) => ({ ...info, description }));
    expect(await openRequest(answerer, asked.request)).toBe("refused");
    await expect(answerer.locator("#refused-text").textContent()).resolves.toMatch(/description was altered/);
  });
});

describe("the asker's page", () => {
  it("keeps both links for this tab across a reload, with nothing secret in the address bar", async () => {
    const asker = await page();
    const asked = await askForSecret(asker, h.server.origin, { description: "reload me" });
    await asker.reload();
    await asker.locator('#request-status .state[data-state="waiting"]').waitFor();
    expect(asker.url()).toBe(`${h.server.origin}/q/${asked.id}`);
    expect(await asker.locator("#request-link").inputValue()).toBe(asked.request);
    expect(await asker.locator("#private-link").inputValue()).toBe(asked.private);
    // Opened from the private link alone, the request link (its description key) is not known, so it is not shown.
    const elsewhere = await page();
    await elsewhere.goto(asked.private);
    await elsewhere.locator('#request-status .state[data-state="waiting"]').waitFor();
    expect(await elsewhere.locator("#links").isHidden()).toBe(true);
  });

  it("says a private link without its key is incomplete, and asks nothing of the server", async () => {
    const asked = await askForSecret(await page(), h.server.origin);
    const asker = await page();
    const calls: string[] = [];
    asker.on("request", (request) => {
      if (/\/(api\/requests|fragments\/request)\//.test(request.url())) calls.push(request.url());
    });
    await asker.goto(`${asked.private.split("#")[0]}#${asked.private.split("#")[1]?.slice(0, 100)}`);
    await asker.locator("#status", { hasText: "This private link is incomplete" }).waitFor();
    expect(await asker.locator("#request-status").isHidden()).toBe(true);
    expect(calls).toEqual([]);
  });
});
