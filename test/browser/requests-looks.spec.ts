import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, newContext } from "./browser";
import { axeViolations } from "./looks";
import { askForSecret, openAnswer, openRequest, sendAnswer } from "./request-flows";
import { tamperRequest } from "./request-tamper";
import { useHarness } from "./setup";

const h = useHarness();
const SHOTS = `${ARTIFACTS}/requests`;
const LOOKS = [
  { label: "phone-light", dark: false, width: 390, height: 844 },
  { label: "phone-dark", dark: true, width: 390, height: 844 },
  { label: "desktop-light", dark: false, width: 1280, height: 800 },
  { label: "desktop-dark", dark: true, width: 1280, height: 800 },
];
const DESCRIPTION = "The read-only password for the staging database (db-staging-2), please. Thanks!";

beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

/** The whole page as it stands, with no axe findings and no sideways scrolling. */
async function shoot(page: Page, state: string, label: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${state}-${label}.png`, fullPage: true });
  expect(await axeViolations(page), `${state} ${label}`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  expect(overflow, `${state} ${label} scrolls sideways`).toBeLessThanOrEqual(0);
}

describe.each(LOOKS)("the request pages, $label", (look) => {
  const page = async () => (await newContext(h.browser, h.server.origin, look)).newPage();

  it("ask, answer, open: every state of both pages", async () => {
    const asker = await page();
    await asker.goto(`${h.server.origin}/`);
    await shoot(asker, "home", look.label);
    await asker.getByRole("link", { name: "Request a secret from someone else" }).click();
    await asker.locator("#ask-form:not([hidden])").waitFor();
    await asker.waitForFunction(() => (document.getElementById("expiry") as HTMLSelectElement).options.length > 0);
    await shoot(asker, "ask-form", look.label);
    const asked = await askForSecret(asker, h.server.origin, { description: DESCRIPTION });
    await asker.locator('#request-status .state[data-state="waiting"]').waitFor();
    await shoot(asker, "ask-created", look.label);

    const answerer = await page();
    expect(await openRequest(answerer, asked.request)).toBe("ready");
    await answerer.getByLabel("Your answer").fill("s3cr3t-Staging!");
    await shoot(answerer, "answer-ready", look.label);
    expect(await sendAnswer(answerer, "s3cr3t-Staging!")).toBe("sent");
    await shoot(answerer, "answer-sent", look.label);
    const closed = await page();
    expect(await openRequest(closed, asked.request)).toBe("closed");
    await shoot(closed, "answer-closed", look.label);

    const later = await page();
    await later.goto(asked.private);
    await later.getByRole("button", { name: "Open the answer" }).waitFor({ timeout: 15_000 });
    await shoot(later, "asker-answered", look.label);
    expect(await openAnswer(later)).toBe("s3cr3t-Staging!");
    await later.goto(asked.private);
    await later.locator("#answer-list li", { hasText: "it is gone" }).waitFor({ timeout: 15_000 });
    await shoot(later, "asker-opened", look.label);
  });

  it("a swapped key refused, a withdrawn request", async () => {
    const asker = await page();
    const asked = await askForSecret(asker, h.server.origin, { answers: 3 });
    const other = await askForSecret(await page(), h.server.origin);
    const { publicKey } = (await (await fetch(`${h.server.origin}/api/requests/${other.id}`)).json()) as {
      publicKey: string;
    };
    const answerer = await page();
    await tamperRequest(answerer, asked.id, (info) => ({ ...info, publicKey }));
    expect(await openRequest(answerer, asked.request)).toBe("refused");
    await shoot(answerer, "answer-refused", look.label);

    await asker.getByRole("button", { name: "Withdraw this request…" }).click();
    await shoot(asker, "asker-confirm", look.label);
    await asker.getByRole("button", { name: "Yes, withdraw it" }).click();
    await asker.locator('#request-status .state[data-state="revoked"]').waitFor();
    await shoot(asker, "asker-withdrawn", look.label);
  });
});
