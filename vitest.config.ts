import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Three projects: the Worker inside workerd, pure code (crypto, CLI) in Node, and pages in real Chromium.
export default defineConfig({
  test: {
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
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
