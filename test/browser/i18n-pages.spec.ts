/**
 * Every page state in every language, as a reader whose browser asks for that language meets it: <html lang dir>,
 * no message key shown raw, no English sentence left in, no CSP violation; axe on the languages the issue names.
 */
import { beforeAll, describe, it } from "vitest";
import { newContext, watchProblems } from "./browser";
import { englishSentences, LANGUAGES, localizationProblems, openState, type PageState, pageStates } from "./i18n";
import { axeViolations } from "./looks";
import { useHarness } from "./setup";

const h = useHarness();
/** Issue 14: axe passes for at least these on every page (a left-to-right, a right-to-left and a CJK script). */
const AXE_LANGUAGES = new Set(["en", "ar", "ja", "de"]);
/** Languages checked at once: CI time is short, and one Chromium with one Worker serves a few pages at a time well. */
const AT_ONCE = 3;
let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= AT_ONCE) await new Promise<void>((go) => waiting.push(go));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

describe("every page in every language", () => {
  let states: PageState[];
  beforeAll(async () => {
    states = await pageStates(h.server.origin);
  });

  it.concurrent.for(LANGUAGES.map((l) => l.code))(
    "%s: lang and dir, no raw key, no English left, CSP clean",
    (code, { expect }) =>
      slot(async () => {
        const context = await newContext(h.browser, h.server.origin, { locale: code });
        const page = await context.newPage();
        const csp = watchProblems(page);
        const english = englishSentences(code);
        const problems: string[] = [];
        for (const state of states) {
          await openState(page, h.server.origin, state, code);
          problems.push(...(await localizationProblems(page, code, english)).map((p) => `${state.name}: ${p}`));
          if (AXE_LANGUAGES.has(code))
            problems.push(...(await axeViolations(page)).map((v) => `${state.name}: axe ${v}`));
          problems.push(...csp.splice(0).map((p) => `${state.name}: ${p}`));
        }
        await context.close();
        expect(problems).toEqual([]);
      }),
  );
});
