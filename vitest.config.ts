import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// The Worker inside workerd, pure code (crypto, CLI) in Node, and pages in real Chromium.

// Chromium specs that spend their time waiting for clients' retry budgets or a request's real expiry, not computing:
// they run beside the Worker and Node files instead of in the one-at-a-time queue of the other page specs.
const BROWSER_WAITS = ["test/browser/recovery-*.spec.ts", "test/browser/requests-expiry.spec.ts"];

export default defineConfig({
  test: {
    // Two test files at a time (vitest's default is one per CPU less one: a single file on a 2-CPU runner). Most files
    // wait on a local runtime, Chromium or a client's retry budget, so two overlap well; the browser project still
    // runs its files one at a time.
    maxWorkers: 2,
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            // The fuzz specs' size and seed (npm run fuzz), visible to them as bindings; empty means their defaults.
            miniflare: { bindings: { FUZZ_RUNS: process.env.FUZZ_RUNS ?? "", FUZZ_SEED: process.env.FUZZ_SEED ?? "" } },
          }),
        ],
        test: { name: "worker", include: ["test/worker/**/*.spec.ts"], testTimeout: 30_000 },
      },
      {
        test: {
          name: "node",
          include: [
            "test/crypto/**/*.spec.ts",
            "test/protocol/**/*.spec.ts",
            "test/cli/**/*.spec.ts",
            "test/e2e/**/*.spec.ts",
            "test/i18n/**/*.spec.ts",
          ],
          environment: "node",
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.spec.ts"],
          exclude: BROWSER_WAITS,
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Pages in Chromium one file at a time: their figures and timings are read on a quiet machine.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "browser-waits",
          include: BROWSER_WAITS,
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
