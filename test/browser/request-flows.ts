/** What people do on the secret request pages, as reusable steps: ask for a secret, answer it, open the answer. */
import type { Page } from "playwright-core";

export interface AskOptions {
  description?: string;
  answers?: number;
  /** The expiry option's visible label, e.g. "1 hour". */
  expiry?: string;
}

/** The ask page's two links and the request id. */
export interface Asked {
  id: string;
  request: string;
  private: string;
}

/** Fills the form at /request and presses Create; the page stays on the asker's view (/q/<id>). */
export async function askForSecret(page: Page, origin: string, options: AskOptions = {}): Promise<Asked> {
  await page.goto(`${origin}/request`);
  await page.locator("#ask-form:not([hidden])").waitFor();
  await page.waitForFunction(() => (document.getElementById("expiry") as HTMLSelectElement).options.length > 0);
  if (options.description) await page.getByLabel("What are you asking for? (optional)").fill(options.description);
  if (options.answers) await page.getByLabel("Number of answers it accepts").fill(String(options.answers));
  if (options.expiry) await page.getByLabel("The request stays open for").selectOption({ label: options.expiry });
  await page.getByRole("button", { name: "Create request link" }).click();
  await page.locator("#links:not([hidden])").waitFor();
  const request = await page.locator("#request-link").inputValue();
  return {
    id: new URL(request).pathname.split("/")[2] ?? "",
    request,
    private: await page.locator("#private-link").inputValue(),
  };
}

/** Opens a request link and waits until the page has checked it: ready to answer, closed or refused. */
export async function openRequest(page: Page, link: string): Promise<"ready" | "closed" | "refused"> {
  await page.goto(link);
  const shown = page.locator("#answer-form:not([hidden]), #closed:not([hidden]), #refused:not([hidden])").first();
  await shown.waitFor();
  const id = await shown.getAttribute("id");
  return id === "answer-form" ? "ready" : (id as "closed" | "refused");
}

/** Types the answer and presses Send; resolves with the view the page ends on. */
export async function sendAnswer(page: Page, text: string): Promise<"sent" | "closed" | "refused"> {
  await page.getByLabel("Your answer").fill(text);
  await page.getByRole("button", { name: "Encrypt and send" }).click();
  const shown = page.locator("#sent:not([hidden]), #closed:not([hidden]), #refused:not([hidden])").first();
  await shown.waitFor({ timeout: 30_000 });
  return (await shown.getAttribute("id")) as "sent" | "closed" | "refused";
}

/** On the asker's page: waits for the answer's button, presses it, then reveals the note it leads to. */
export async function openAnswer(page: Page, timeout = 20_000): Promise<string | null> {
  await page.getByRole("button", { name: "Open the answer" }).click({ timeout });
  await page.waitForURL(/\/n\/[A-Za-z0-9_-]{22}$/);
  await page.locator("#about:not([hidden]), #gone:not([hidden]), #problem:not([hidden])").first().waitFor();
  if (!(await page.locator("#about").isVisible()))
    throw new Error(`the note page says: ${await page.locator("#status").textContent()}`);
  await page.getByRole("button", { name: "Reveal the secret" }).click();
  await page.locator("#content:not([hidden]), #gone:not([hidden]), #problem:not([hidden])").first().waitFor();
  return (await page.locator("#content").isVisible()) ? page.locator("#secret-text").textContent() : null;
}

/** The asker's status line, as the fragment says it. */
export const requestState = (page: Page) => page.locator("#request-status .state");
