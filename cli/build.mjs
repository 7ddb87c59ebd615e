// Bundles the CLI (TypeScript, sharing crypto/ with the pages) into cli/dist/hushnote.mjs, because Node 20
// cannot run TypeScript. Run by `npm run build`; cli/hushnote.mjs also calls it when the bundle is missing.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
export const OUTFILE = join(here, "dist", "hushnote.mjs");

/** Builds the bundle; no timestamps or minified names, so two builds of the same source are identical. */
export async function buildCli() {
  const result = await esbuild.build({
    entryPoints: [join(here, "src", "main.ts")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    target: "node20",
    legalComments: "none",
    logLevel: "warning",
  });
  mkdirSync(dirname(OUTFILE), { recursive: true });
  // Write then rename: a CLI started meanwhile (parallel test files each build) never loads half a file.
  const temp = `${OUTFILE}.${process.pid}.tmp`;
  writeFileSync(temp, result.outputFiles[0].contents);
  renameSync(temp, OUTFILE);
  return OUTFILE;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();
