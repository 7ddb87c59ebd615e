import { describe, expect, it } from "vitest";
import { newContext, watchProblems } from "./browser";
import { askForSecret, openRequest, sendAnswer } from "./request-flows";
import { useHarness } from "./setup";

// The shortest lifetime an instance may offer is a minute; this instance offers it, so expiry is real, not simulated.
const h = useHarness({ EXPIRY_CHOICES: "60,3600,86400", DEFAULT_TTL: "3600" });

describe("an expired request", () => {
  it("cannot be answered: an answer typed before it expired is not kept, and the asker's page says it expired", async () => {
    const asker = await (await newContext(h.browser, h.server.origin)).newPage();
    const asked = await askForSecret(asker, h.server.origin, { expiry: "1 minute", description: "quick one" });
    const expiresAt = Date.now() + 60_000;
    const answerer = await (await newContext(h.browser, h.server.origin)).newPage();
    const problems = watchProblems(answerer);
    expect(await openRequest(answerer, asked.request)).toBe("ready");
    await expect(answerer.locator("#closes").textContent()).resolves.toMatch(
      /^The request closes in (1 minute|\d+ seconds) \(/,
    );

    await answerer.waitForTimeout(Math.max(0, expiresAt - Date.now()) + 2_000);
    expect(await sendAnswer(answerer, "too late")).toBe("closed");
    await expect(answerer.locator("#closed-text").textContent()).resolves.toMatch(/before your answer was stored/);
    expect(await openRequest(await (await newContext(h.browser, h.server.origin)).newPage(), asked.request)).toBe(
      "closed",
    );
    await asker.locator("#request-status [data-final]").waitFor({ timeout: 15_000 });
    expect(await asker.locator("#revoke-block").isHidden()).toBe(true);
    expect(problems.filter((p) => !/status of 404/.test(p))).toEqual([]);
  });
});
