/** Debian Chromium driven by playwright-core (never `playwright install`), with DESIGN §7's flags. */
import { mkdirSync } from "node:fs";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

export const ARTIFACTS = "test-artifacts";

/** Launches headless Chromium; Playwright gives every launch a fresh temporary profile (--user-data-dir). */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A context whose clipboard works, like a person's browser where they pressed Copy. */
export async function newContext(
  browser: Browser,
  origin: string,
  options: { dark?: boolean; width?: number; height?: number; locale?: string } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    colorScheme: options.dark ? "dark" : "light",
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    // Sets Accept-Language and navigator.language, as a reader's browser in that language would.
    locale: options.locale,
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  return context;
}

/** Collects CSP violations and uncaught errors on a page, so a test can assert there were none. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (
      message.type() === "error" &&
      !/Failed to load resource: the server responded with a status of (403|404)/.test(message.text())
    ) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}
