/** What a person does on the pages, as reusable steps: create a note, reveal it. */
import type { Page } from "playwright-core";

export interface CreateOptions {
  text: string;
  password?: string;
  passwordOnly?: boolean;
  /** Number of views; null = any number until expiry; default one-time. */
  views?: number | null;
  /** In-memory files, or paths of files on disk (large ones: Playwright hands the path to Chromium). */
  files?: { name: string; mimeType: string; buffer: Buffer }[] | string[];
  tabs?: { title: string; text: string }[];
  /** How long the upload may take, in ms (default 30 s). */
  timeout?: number;
}

/** Fills the create page and presses Create; returns both links and the time from click to link shown. */
export async function createNote(
  page: Page,
  origin: string,
  options: CreateOptions,
): Promise<{ share: string; manage: string; ms: number }> {
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => (document.getElementById("expiry") as HTMLSelectElement).options.length > 0);
  await page.getByLabel("Secret text").fill(options.text);
  for (const [i, tab] of (options.tabs ?? []).entries()) {
    await page.getByRole("button", { name: "Add a tab" }).click();
    await page.getByLabel(`Tab ${i + 1} title`).fill(tab.title);
    await page.getByLabel(`Tab ${i + 1} text`).fill(tab.text);
  }
  if (options.files) await page.locator("#files").setInputFiles(options.files);
  if (options.views === null) await page.getByLabel("Any number of views until it expires").check();
  else if (options.views !== undefined && options.views !== 1) {
    await page.getByLabel("Up to").check();
    await page.getByLabel("Maximum number of views").fill(String(options.views));
  }
  if (options.password) await page.locator("#password").fill(options.password);
  if (options.passwordOnly) await page.getByLabel("Password only: leave the key out of the link").check();
  const started = Date.now();
  await page.getByRole("button", { name: "Create secret link" }).click();
  await page.locator("#result:not([hidden])").waitFor({ timeout: options.timeout ?? 30_000 });
  const ms = Date.now() - started;
  return {
    share: await page.locator("#share-link").inputValue(),
    manage: await page.locator("#manage-link").inputValue(),
    ms,
  };
}

/** Opens a share link, waits for the description, presses Reveal (with a password if given). */
export async function revealNote(
  page: Page,
  link: string,
  password?: string,
  timeout = 30_000,
): Promise<{ ms: number }> {
  await page.goto(link);
  await page.locator("#about:not([hidden])").waitFor();
  if (password !== undefined) await page.getByLabel("Password", { exact: true }).fill(password);
  const started = Date.now();
  await page.getByRole("button", { name: "Reveal the secret" }).click();
  await page
    .locator("#content:not([hidden]), #gone:not([hidden]), #problem:not([hidden]), #password-error:not(:empty)")
    .first()
    .waitFor({ timeout });
  return { ms: Date.now() - started };
}

/** The decrypted text as shown, or null when no secret is shown. */
export async function shownText(page: Page): Promise<string | null> {
  return (await page.locator("#content").isVisible()) ? page.locator("#secret-text").textContent() : null;
}

/**
 * Records what the page writes to the clipboard. The pages' Permissions-Policy forbids clipboard-read (they never
 * need it), so the test cannot read the clipboard back; it watches the write instead.
 */
export async function spyOnClipboard(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const copied: string[] = [];
    (window as unknown as { __copied: string[] }).__copied = copied;
    const write = navigator.clipboard.writeText.bind(navigator.clipboard);
    navigator.clipboard.writeText = (text: string) => write(text).then(() => void copied.push(text));
  });
  return () => page.evaluate(() => (window as unknown as { __copied: string[] }).__copied);
}

/** A real PNG drawn by Chromium itself, so the preview has something to decode. */
export async function drawPng(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = 64;
    canvas.height = 48;
    const g = canvas.getContext("2d")!;
    g.fillStyle = "#c00";
    g.fillRect(0, 0, 32, 48);
    g.fillStyle = "#00c";
    g.fillRect(32, 0, 32, 48);
    return canvas.toDataURL("image/png");
  });
  return Buffer.from(dataUrl.split(",")[1]!, "base64");
}
