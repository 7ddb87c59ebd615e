import { describe, expect, it } from "vitest";
import { makeRequest, readAnswer, respond } from "../../cli/src/sdk";
import { newContext, watchProblems } from "./browser";
import { askForSecret, openAnswer, openRequest, sendAnswer } from "./request-flows";
import { useHarness } from "./setup";

// The pages and the CLI's SDK (what `hushnote request`, `respond` and `read` run) speak the same format.
const h = useHarness();
const page = async () => (await newContext(h.browser, h.server.origin)).newPage();

describe("secret requests between the CLI and the pages", () => {
  it("CLI asks, the page answers, the CLI reads the answer once", async () => {
    const made = await makeRequest({ server: h.server.origin, description: "API token for the CI, please" });
    const answerer = await page();
    const problems = watchProblems(answerer);
    expect(await openRequest(answerer, made.link)).toBe("ready");
    expect(await answerer.locator("#description").textContent()).toBe("API token for the CI, please");
    expect(await sendAnswer(answerer, "ci-token-5d2e\nsecond line")).toBe("sent");
    const answer = await readAnswer({ link: made.privateLink, wait: true, timeout: 30, interval: 200 });
    expect(answer.text).toBe("ci-token-5d2e\nsecond line");
    await expect(readAnswer({ link: made.privateLink })).rejects.toThrow(/gone/);
    expect(problems).toEqual([]);
  });

  it("the page asks, the CLI answers, the page opens the answer once", async () => {
    const asker = await page();
    const problems = watchProblems(asker);
    const asked = await askForSecret(asker, h.server.origin, { description: "the wifi password" });
    await respond({ link: asked.request, text: "correct horse battery staple" });
    await asker.locator('#request-status .state[data-state="answered"]').waitFor({ timeout: 15_000 });
    expect(await openAnswer(asker)).toBe("correct horse battery staple");
    // The CLI with the same private link finds it gone too.
    await expect(readAnswer({ link: asked.private })).rejects.toThrow(/gone/);
    expect(problems).toEqual([]);
  });

  it("the page asks and the CLI reads what another page answered; the CLI answers what the CLI asked", async () => {
    const asked = await askForSecret(await page(), h.server.origin);
    const answerer = await page();
    expect(await openRequest(answerer, asked.request)).toBe("ready");
    expect(await sendAnswer(answerer, "page to page to CLI")).toBe("sent");
    expect((await readAnswer({ link: asked.private, wait: true, timeout: 30, interval: 200 })).text).toBe(
      "page to page to CLI",
    );

    const made = await makeRequest({ server: h.server.origin });
    await respond({ link: made.link, text: "CLI to CLI" });
    expect((await readAnswer({ link: made.privateLink, wait: true, timeout: 30, interval: 200 })).text).toBe(
      "CLI to CLI",
    );
  });
});
