// Bundles the CLI (TypeScript, sharing static/crypto with the pages) into cli/dist/hushnote.mjs, because Node 20
// cannot run TypeScript. Run by `npm run build`; cli/hushnote.mjs also calls it when the bundle is missing.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
export const OUTFILE = join(here, "dist", "hushnote.mjs");

/** Builds the bundle; deterministic (no timestamps, no minified names) so diffs of it mean something. */
export async function buildCli() {
  await esbuild.build({
    entryPoints: [join(here, "src", "main.ts")],
    outfile: OUTFILE,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    legalComments: "none",
    logLevel: "warning",
  });
  return OUTFILE;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();
