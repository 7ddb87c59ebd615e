// Validates the deployable bundle without deploying: `wrangler deploy --dry-run --outdir`, then reports its size
// (gzipped, as Cloudflare counts it against the 3 MB free-plan limit) and the size of the pages it serves.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const FREE_PLAN_LIMIT = 3 * 1024 * 1024;
const outdir = mkdtempSync(join(tmpdir(), "hushnote-deploy-"));
try {
  execFileSync("node_modules/.bin/wrangler", ["deploy", "--dry-run", "--outdir", outdir], {
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const script = readFileSync(join(outdir, "index.js"));
  const gzipped = gzipSync(script, { level: 9 }).length;
  console.log(`Worker bundle: ${script.length} B, ${gzipped} B gzipped (free-plan limit ${FREE_PLAN_LIMIT} B)`);
  const pages = readdirSync("public").filter((f) => f.endsWith(".html"));
  for (const page of pages) {
    const bytes = readFileSync(join("public", page));
    console.log(
      `  asset public/${page}: ${statSync(join("public", page)).size} B, ${gzipSync(bytes, { level: 9 }).length} B gzipped`,
    );
  }
  if (gzipped > FREE_PLAN_LIMIT) {
    console.error("The Worker bundle is larger than the free plan allows.");
    process.exit(1);
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
