// Upload and download through the real pages in headless Debian Chromium (playwright-core): the create page reads
// the file from disk, seals it record by record and uploads its parts; the open page decrypts as it downloads.
import { chromium } from "playwright-core";
import { sha256File } from "./files.mjs";

/** Launches headless Chromium as the browser tests do (a fresh temporary profile). */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"],
  });
}

const TIMEOUT = 300_000;

/**
 * Times in the page's own clock, from just before the click to the moment `id` is shown (a MutationObserver): the
 * test driver's polling would add up to a second on a busy 2-CPU machine.
 */
async function timeUntilShown(page, id) {
  await page.addInitScript((watched) => {
    addEventListener("DOMContentLoaded", () => {
      const element = document.getElementById(watched);
      const seen = () => {
        if (!element.hidden) window.__benchShown ??= performance.now();
      };
      new MutationObserver(seen).observe(element, { attributes: true, attributeFilter: ["hidden"] });
    });
  }, id);
  return {
    start: () => page.evaluate(() => performance.now()),
    shown: () => page.evaluate(() => window.__benchShown),
  };
}

/** Creates a one-time note holding `file` on the create page; returns the share link and ms from Create to link. */
export async function chromiumUpload(browser, origin, file) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const clock = await timeUntilShown(page, "result");
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => document.getElementById("expiry").options.length > 0);
    // Playwright hands Chromium the path, so the page reads the file from disk through File.stream().
    await page.locator("#files").setInputFiles([file.path]);
    const started = await clock.start();
    await page.getByRole("button", { name: "Create secret link" }).click();
    await page.locator("#result:not([hidden]), #status.error").first().waitFor({ timeout: TIMEOUT });
    if (!(await page.locator("#result").isVisible())) {
      throw new Error(`the create page said: ${await page.locator("#status").textContent()}`);
    }
    return { link: await page.locator("#share-link").inputValue(), ms: (await clock.shown()) - started };
  } finally {
    await context.close();
  }
}

/**
 * Opens `link` on the open page and presses Reveal; ms from Reveal to the decrypted note shown (every byte downloaded
 * and authenticated). Without showSaveFilePicker, as in browsers lacking it, the file is assembled as a Blob; it is
 * then downloaded (not timed) and its SHA-256 compared with the original's.
 */
export async function chromiumDownload(browser, link, file) {
  const context = await browser.newContext({ acceptDownloads: true });
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      delete window.showSaveFilePicker;
    });
    const clock = await timeUntilShown(page, "content");
    await page.goto(link);
    await page.locator("#about:not([hidden])").waitFor();
    const started = await clock.start();
    await page.getByRole("button", { name: "Reveal the secret" }).click();
    await page.locator("#content:not([hidden]), #gone:not([hidden]), #problem:not([hidden])").first().waitFor({
      timeout: TIMEOUT,
    });
    if (!(await page.locator("#content").isVisible())) throw new Error("the open page did not show the note");
    const ms = (await clock.shown()) - started;
    const [download] = await Promise.all([
      page.waitForEvent("download", { timeout: TIMEOUT }),
      page.getByRole("link", { name: new RegExp(`^Download ${file.name}`) }).click(),
    ]);
    if ((await sha256File(await download.path())) !== file.sha256) throw new Error("Chromium read back other bytes");
    return { ms };
  } finally {
    await context.close();
  }
}
