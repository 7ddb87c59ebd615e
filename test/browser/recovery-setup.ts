/** The recovery specs' setup: a Worker and Chromium per file, the pages reached through a proxy that loses answers. */
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { newContext } from "./browser";
import { type RecoveryProxy, startRecoveryProxy } from "./recovery-proxy";
import { useHarness } from "./setup";

/** What the specs use, ready inside tests: the harness, the proxy, and a page opener. */
export interface Recovery {
  proxy: RecoveryProxy;
  /** The proxy's origin: where the person's browser goes. */
  origin: string;
  /** The Worker's own origin, for checks from Node that no fault may touch. */
  direct: string;
  /** A new page in a new context (another browser, as far as the pages know), optionally sized and dark. */
  page(look?: { dark?: boolean; width?: number; height?: number }): Promise<Page>;
}

/** Registers the harness and proxy; faults are healed and the request log cleared after each test. */
export function useRecovery(): Recovery {
  const h = useHarness();
  const recovery = {} as Recovery;
  beforeAll(async () => {
    recovery.proxy = await startRecoveryProxy(h.server.origin);
    recovery.origin = recovery.proxy.origin;
    recovery.direct = h.server.origin;
    recovery.page = async (look = {}) => (await newContext(h.browser, recovery.origin, look)).newPage();
  });
  afterEach(() => {
    recovery.proxy.heal();
    recovery.proxy.passed.length = 0;
  });
  afterAll(() => recovery.proxy?.stop());
  return recovery;
}

/** Records every value the element `selector`'s `data-state` takes, from the page's first script on. */
export async function watchStates(page: Page, selector: string): Promise<() => Promise<string[]>> {
  await page.addInitScript((target) => {
    const states: string[] = [];
    (window as unknown as { __states: string[] }).__states = states;
    new MutationObserver(() => {
      const state = document.querySelector(target)?.getAttribute("data-state");
      if (state && states.at(-1) !== state) states.push(state);
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
  }, selector);
  return () => page.evaluate(() => (window as unknown as { __states: string[] }).__states);
}

/** The problems watchProblems saw, less the console's note of each connection the proxy dropped on purpose. */
export const unexpected = (problems: string[]): string[] =>
  problems.filter(
    (p) => !/Failed to load resource: net::ERR_(EMPTY_RESPONSE|CONNECTION_RESET|CONNECTION_CLOSED)/.test(p),
  );
