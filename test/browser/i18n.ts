/** Shared by the i18n browser specs: the catalogs as the build sees them, the page states, and the "is it localized" checks. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { makeRequest, send } from "../../cli/src/sdk";
import type { Message } from "../../i18n/format";
import { LANGUAGES, SOURCE_LANGUAGE } from "../../i18n/languages";

export { LANGUAGES, SOURCE_LANGUAGE };
export type Catalog = Record<string, Message>;

/** A language's messages by full key; English is en.json with the page helpers' drafts merged over it, as the build does. */
export function catalog(code: string): Catalog {
  const flat: Catalog = {};
  const file = `i18n/locales/${code}.json`;
  if (existsSync(file)) {
    const nested = JSON.parse(readFileSync(file, "utf8")) as Record<string, Catalog>;
    for (const [section, entries] of Object.entries(nested))
      for (const [key, message] of Object.entries(entries)) flat[`${section}.${key}`] = message;
  }
  if (code === SOURCE_LANGUAGE && existsSync("i18n/draft")) {
    for (const name of readdirSync("i18n/draft").filter((n) => n.endsWith(".json"))) {
      const draft = JSON.parse(readFileSync(`i18n/draft/${name}`, "utf8")) as Catalog;
      for (const [key, message] of Object.entries(draft)) flat[`${name.replace(/\.json$/, "")}.${key}`] = message;
    }
  }
  return flat;
}

export const ENGLISH = catalog(SOURCE_LANGUAGE);

/** A message key shown as itself: t() and the build's {{key}} fall back to the key when a message is missing. */
export const RAW_KEY = /\b(common|create|note|manage|pad|ask|answer|fragments)\.[a-z0-9.-]+/g;

const squash = (text: string) => text.replace(/\s+/g, " ").trim();
const forms = (message: Message) => (typeof message === "string" ? [message] : Object.values(message));

/**
 * The English sentences (3+ words) a translated page must not show: each message's text between its placeholders,
 * except messages the language's catalog keeps exactly as in English (names, formats).
 */
export function englishSentences(code: string): { key: string; text: string }[] {
  const own = catalog(code);
  const found = new Map<string, string>();
  for (const [key, message] of Object.entries(ENGLISH)) {
    if (JSON.stringify(own[key]) === JSON.stringify(message)) continue;
    for (const form of forms(message))
      for (const piece of (form ?? "").split(/\{[a-zA-Z]+\}/)) {
        const text = squash(piece);
        if ((text.match(/[A-Za-z]+/g) ?? []).length >= 3 && !found.has(text)) found.set(text, key);
      }
  }
  return [...found].map(([text, key]) => ({ key, text }));
}

/** What the reader meets: the title and visible text, and the labels a screen reader or tooltip says. */
export async function pageTexts(page: Page): Promise<{ visible: string; attributes: string[] }> {
  return page.evaluate(() => {
    const names = ["aria-label", "placeholder", "title", "alt"];
    const attributes = [...document.querySelectorAll("*")].flatMap((el) =>
      names.flatMap((name) => (el.hasAttribute(name) ? [`${name}="${el.getAttribute(name)}"`] : [])),
    );
    // biome-ignore lint/performance/useDomNodeTextContent: what is rendered, not hidden states' text, is what is checked
    return { visible: `${document.title}\n${document.body.innerText}`, attributes };
  });
}

/** Everything wrong with this page state for `code`: direction, raw keys, English left in. Empty when it is localized. */
export async function localizationProblems(page: Page, code: string, english = englishSentences(code)) {
  const problems: string[] = [];
  const { lang, dir } = await page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.dir }));
  const wantDir = LANGUAGES.find((l) => l.code === code)?.dir;
  if (lang !== code || dir !== wantDir) problems.push(`<html lang="${lang}" dir="${dir}">, wanted ${code} ${wantDir}`);
  const { visible, attributes } = await pageTexts(page);
  for (const text of [visible, ...attributes])
    for (const [key] of text.matchAll(RAW_KEY)) problems.push(`raw key ${key} in ${squash(text).slice(0, 80)}`);
  if (code !== SOURCE_LANGUAGE) {
    const shown = squash(visible);
    for (const { key, text } of english) if (shown.includes(text)) problems.push(`English (${key}): "${text}"`);
  }
  return problems;
}

/** The page states every language is checked on, each with how to reach it and what says it has settled. */
export interface PageState {
  name: string;
  path: string;
  ready: (page: Page, code: string) => Promise<unknown>;
}

/** A note the states open (never revealed, so it lasts), made through the SDK like the CLI does. */
export async function pageStates(origin: string): Promise<PageState[]> {
  const note = await send({ server: origin, text: "i18n: localized pages", views: 5 });
  // A request that stays open: its pages are only ever looked at, never answered.
  const request = await makeRequest({ server: origin, description: "i18n: localized pages" });
  const local = (link: string) => link.slice(origin.length);
  const key = Buffer.alloc(32, 1).toString("base64url");
  return [
    { name: "create", path: "/", ready: limitsShown },
    {
      name: "note",
      path: local(note.link),
      ready: (p) => p.locator("#about:not([hidden]) #facts dd").first().waitFor(),
    },
    {
      name: "gone",
      path: `/n/AAAAAAAAAAAAAAAAAAAAAA#${key}`,
      ready: (p) => p.locator("#gone:not([hidden])").waitFor(),
    },
    { name: "manage", path: local(note.manageLink), ready: (p) => p.locator("#receipt .state").waitFor() },
    { name: "pad", path: "/p/i18n-free-address", ready: (p) => p.locator("#free:not([hidden])").waitFor() },
    {
      name: "ask",
      path: "/request",
      ready: (p) => p.waitForFunction(() => !!(document.getElementById("expiry") as HTMLSelectElement).options.length),
    },
    { name: "asker", path: local(request.privateLink), ready: (p) => p.locator("#request-status .state").waitFor() },
    { name: "answer", path: local(request.link), ready: (p) => p.locator("#answer-form:not([hidden])").waitFor() },
  ];
}

/** The create page once htmx has swapped the instance's limits in place of the loading line. */
export async function limitsShown(page: Page, code: string): Promise<void> {
  const key = "create.files.limits.loading";
  const loading = squash(String(catalog(code)[key] ?? ENGLISH[key] ?? ""));
  await page.waitForFunction((loading) => {
    const text = document.getElementById("limits")?.textContent?.replace(/\s+/g, " ").trim();
    const expiry = document.getElementById("expiry") as HTMLSelectElement | null;
    return !!text && text !== loading && !!expiry?.options.length;
  }, loading);
}

/** Opens a state and waits for it; if it never settles, the error says what the page showed instead. */
export async function openState(page: Page, origin: string, state: PageState, code: string): Promise<void> {
  await page.goto(`${origin}${state.path}`);
  await state.ready(page, code).catch(async (error: Error) => {
    const shown = await pageTexts(page).then(
      (texts) => texts.visible,
      (e: Error) => e.message,
    );
    const why = error.message.split("\n")[0];
    throw new Error(`${code} ${state.name} never settled (${why}) at ${page.url()}; shown: ${squash(shown)}`);
  });
}
