/** The shared setup of every browser spec: one Worker and one Chromium per file, started together, stopped after. */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser } from "./browser";
import { startServer, type TestServer } from "./server";

/** What a spec uses; filled in by beforeAll, so read it inside tests and hooks only. */
export interface Harness {
  server: TestServer;
  browser: Browser;
}

/** Registers beforeAll/afterAll that start a fresh Worker (with these `[vars]` overrides) and Chromium. */
export function useHarness(vars: Record<string, string> = {}): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    [harness.server, harness.browser] = await Promise.all([startServer(vars), launchBrowser()]);
  });
  afterAll(async () => {
    await harness.browser?.close();
    await harness.server?.stop();
  });
  return harness;
}
