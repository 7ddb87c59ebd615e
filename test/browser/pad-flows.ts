/** What a person does on the notepad page, as reusable steps. */
import type { Page } from "playwright-core";
import type { PadPut } from "../../protocol/wire";

/** Waits until the page shows one of its views (free, changed, locked, editor, unavailable) and returns which. */
export async function padView(page: Page): Promise<string> {
  const view = page
    .locator(
      "#free:not([hidden]), #changed:not([hidden]), #locked:not([hidden]), #editor:not([hidden]), #unavailable:not([hidden])",
    )
    .first();
  await view.waitFor({ timeout: 30_000 });
  return (await view.getAttribute("id"))!;
}

/** Creates a notepad at a free address with `password`; resolves once the editor is shown. */
export async function createPad(page: Page, origin: string, slug: string, password: string): Promise<void> {
  await page.goto(`${origin}/p/${slug}`);
  if ((await padView(page)) !== "free") throw new Error(`/p/${slug} is not free`);
  await page.locator("#free").getByLabel("New password", { exact: true }).fill(password);
  await page.locator("#free").getByLabel("Repeat the password").fill(password);
  await page.getByRole("button", { name: "Create the notepad" }).click();
  await page.locator("#editor:not([hidden])").waitFor({ timeout: 30_000 });
}

/** Opens an existing notepad; resolves with "editor" or the error shown under the password. */
export async function openPad(
  page: Page,
  origin: string,
  slug: string,
  password: string,
): Promise<{ result: string; ms: number }> {
  await page.goto(`${origin}/p/${slug}`);
  if ((await padView(page)) !== "locked") throw new Error(`/p/${slug} is not a locked notepad`);
  await page.locator("#locked").getByLabel("Password", { exact: true }).fill(password);
  const started = Date.now();
  await page.getByRole("button", { name: "Open", exact: true }).click();
  await page.locator("#editor:not([hidden]), #open-error:not(:empty)").first().waitFor({ timeout: 30_000 });
  const ms = Date.now() - started;
  if (await page.locator("#editor").isVisible()) return { result: "editor", ms };
  return { result: (await page.locator("#open-error").textContent())!, ms };
}

/** The save indicator's state: saved, unsaved, saving, conflict or error. */
export const saveState = (page: Page) => page.locator("#save-state").getAttribute("data-state");

/** Waits for "All changes saved" and returns the version it names. */
export async function waitSaved(page: Page): Promise<number> {
  await page.locator('#save-state[data-state="saved"]').waitFor({ timeout: 30_000 });
  return Number(/version (\d+)/.exec((await page.locator("#save-state").textContent())!)![1]);
}

/** The tabs as the page shows them: each tab's name and, after selecting it, its text. */
export async function readTabs(page: Page): Promise<{ title: string; text: string }[]> {
  const tabs: { title: string; text: string }[] = [];
  const count = await page.getByRole("tab").count();
  for (let i = 0; i < count; i++) {
    await page.getByRole("tab").nth(i).click();
    tabs.push({
      title: (await page.getByRole("tab").nth(i).textContent())!,
      text: await page.locator("#text").inputValue(),
    });
  }
  return tabs;
}

/** Pastes files into the current tab the way a browser does (a paste event carrying them). */
export async function pasteFiles(page: Page, files: { name: string; type: string; bytes: Buffer }[]): Promise<void> {
  await page.locator("#text").evaluate(
    (area, list) => {
      const data = new DataTransfer();
      for (const f of list) data.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
      area.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    },
    files.map((f) => ({ ...f, bytes: [...f.bytes] })),
  );
}

/** A PUT as the page sent it: its fields (Hushnote-Save header, or the JSON of a save without a body) and body bytes. */
export type SentPut = PadPut & { body?: Buffer };

/** Records every PUT the page sends; `last()` gives the newest one's fields and body. */
export function recordPuts(page: Page): { last(): Promise<SentPut> } {
  const puts: SentPut[] = [];
  page.on("request", (request) => {
    if (request.method() !== "PUT") return;
    const save = request.headers()["hushnote-save"];
    if (save) puts.push({ ...JSON.parse(save), body: request.postDataBuffer() ?? Buffer.alloc(0) });
    else puts.push(JSON.parse(request.postData() ?? "{}"));
  });
  return { last: async () => puts.at(-1)! };
}

/** Creates a notepad straight through the API from an envelope sealed in Node (version 0: no proof). */
export async function putSealedPad(
  origin: string,
  slug: string,
  sealed: { header: string; wrappedKey: string; verifier: string; body: Uint8Array },
): Promise<Response> {
  const { header, wrappedKey, verifier } = sealed;
  return fetch(`${origin}/api/pads/${slug}`, {
    method: "PUT",
    headers: {
      "Content-Type": "application/octet-stream",
      "Hushnote-Save": JSON.stringify({ version: 0, header, wrappedKey, verifier }),
    },
    body: Buffer.from(sealed.body),
  });
}

/** POST /api/pads/:slug/open from Node: the Hushnote-Open fields and the body bytes. */
export async function openPadBytes(
  origin: string,
  slug: string,
  proof: string,
): Promise<{ wrappedKey: string; version: number; body: Buffer }> {
  const response = await fetch(`${origin}/api/pads/${slug}/open`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ proof }),
  });
  if (!response.ok) throw new Error(`open answered ${response.status}`);
  const meta = JSON.parse(response.headers.get("Hushnote-Open") ?? "{}");
  return { ...meta, body: Buffer.from(await response.arrayBuffer()) };
}
