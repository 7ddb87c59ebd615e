/**
 * "1 view left / 2 views left" as the reader sees it in Polish and Arabic (English proves the harness): the plural
 * form Intl.PluralRules picks for 1, 2, 5 and 22 (Polish one/few/many/few, Arabic one/two/few/many), the number
 * written the way the language writes it. The pages format in the browser, so their expectation is computed in
 * Chromium; the receipt fragment is written by the Worker, so its expectation is the Worker's own formatMessage.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { read, send } from "../../cli/src/sdk";
import { formatMessage, type Message } from "../../i18n/format";
import { newContext } from "./browser";
import { catalog } from "./i18n";
import { useHarness } from "./setup";

const h = useHarness();
const COUNTS = [1, 2, 5, 22];
type Plural = Exclude<Message, string>;

/** Opens a note `times` times through the API, as other readers would. */
async function openTimes(link: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await read({ link });
}

/** The catalog's plural message, or a problem saying the language does not have it yet. */
function plural(code: string, key: string): Plural | string {
  const message = catalog(code)[key];
  return typeof message === "object" ? message : `${code}: the catalog has no plural ${key}`;
}

/** The message as Chromium writes it for `code`: PluralRules picks the form (which must exist), NumberFormat the digits. */
function inBrowser(page: Page, code: string, message: Plural, params: Record<string, number>): Promise<string> {
  return page.evaluate(
    ({ code, message, params }) => {
      const category = new Intl.PluralRules(code).select(params.count ?? Number.NaN);
      const form = message[category];
      if (form === undefined) return `(no "${category}" form)`;
      const digits = new Intl.NumberFormat(code);
      return form.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) =>
        params[name] === undefined ? whole : digits.format(params[name]),
      );
    },
    { code, message, params },
  );
}

describe("plural forms for 1, 2, 5 and 22 views", () => {
  /** Before Reveal: "N of M views left" (M = N, except the 2-view note read once elsewhere, which has 1 of 2). */
  const before: { link: string; count: number; total: number }[] = [];
  /** Opened 1, 2, 5, 22 times: the receipt says so. */
  const receipts: { manage: string; count: number }[] = [];

  beforeAll(async () => {
    const server = h.server.origin;
    const made = await Promise.all(
      [...COUNTS.slice(1).map((views) => ({ views, opened: 0 })), { views: 2, opened: 1 }].map(async (n) => {
        const note = await send({ server, text: `${n.views} views`, views: n.views });
        await openTimes(note.link, n.opened);
        return { link: note.link, count: n.views - n.opened, total: n.views };
      }),
    );
    before.push(...made);
    const opened = await Promise.all(
      COUNTS.map(async (count) => {
        const note = await send({ server, text: `opened ${count} times`, views: 30 });
        await openTimes(note.link, count);
        return { manage: note.manageLink, count };
      }),
    );
    receipts.push(...opened);
  });

  it.each([["en"], ["pl"], ["ar"]])("%s: the note page, after Reveal, and the receipt", async (code) => {
    const page = await (await newContext(h.browser, h.server.origin, { locale: code })).newPage();
    const problems: string[] = [];
    const compare = (where: string, shown: string | null, wanted: string) => {
      if (shown?.trim() !== wanted) problems.push(`${where}: shows "${shown?.trim()}", wanted "${wanted}"`);
    };

    const left = plural(code, "note.facts.views.left");
    for (const { link, count, total } of before) {
      await page.goto(link);
      const shown = await page.locator("#about:not([hidden]) #facts dd").first().textContent();
      if (typeof left === "string") problems.push(left);
      else compare(`facts, ${count} of ${total}`, shown, await inBrowser(page, code, left, { count, total }));
    }

    // Reveal uses up one view, so 2, 3, 6 and 23 views leave 1, 2, 5 and 22.
    const after = plural(code, "note.after.left");
    for (const count of COUNTS) {
      const note = await send({ server: h.server.origin, text: `${count + 1} views`, views: count + 1 });
      await page.goto(note.link);
      await page.locator("#reveal").click();
      await page.locator("#content:not([hidden])").waitFor();
      const shown = await page.locator("#after-reveal").textContent();
      if (typeof after === "string") problems.push(after);
      else compare(`after Reveal, ${count} left`, shown, await inBrowser(page, code, after, { count }));
    }

    const opened = plural(code, "fragments.state.opened");
    for (const { manage, count } of receipts) {
      await page.goto(manage);
      const shown = await page.locator('#receipt .state[data-state="opened"]').textContent();
      if (typeof opened === "string") problems.push(opened);
      else compare(`receipt, opened ${count}`, shown, formatMessage(code, opened, { count }));
    }
    await page.context().close();
    expect([...new Set(problems)]).toEqual([]);
  });
});
