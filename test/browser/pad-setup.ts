/** The shared setup of the notepad specs: one Worker and Chromium per file, fresh addresses, a password, new pages. */
import type { Page } from "playwright-core";
import { newContext } from "./browser";
import { useHarness } from "./setup";

export const PASSWORD = "correct horse battery staple";

/** Registers the harness; `prefix` names this spec's addresses, each one fresh (`<prefix>-<pid>-<n>`). */
export function usePadHarness(prefix: string) {
  const h = useHarness();
  let counter = 0;
  return {
    h,
    freshSlug: () => `${prefix}-${process.pid}-${++counter}`,
    /** A new page in a new browser context (its own storage: another browser, as far as the notepad knows). */
    page: async (): Promise<Page> => (await newContext(h.browser, h.server.origin)).newPage(),
  };
}
