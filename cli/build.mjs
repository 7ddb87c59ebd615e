// Bundles the CLI (TypeScript, sharing crypto/ and protocol/ with the pages) into single self-contained files,
// because Node 20 cannot run TypeScript and the npm package ships no dependencies:
//   dist/hushnote.mjs  the `hushnote` command (runs on import), and dist/sdk.mjs the typed JS API;
//   with --types also dist/types/ (declarations for the SDK), which only `npm pack` needs (prepack).
// Run by `npm run build`; cli/hushnote.mjs also calls it when the bundle is missing.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
export const OUTFILE = join(here, "dist", "hushnote.mjs");
export const SDK_OUTFILE = join(here, "dist", "sdk.mjs");
const SDK_ENTRY = join(here, "src", "sdk.ts");

/** The version `hushnote --version` prints: cli/package.json's, inlined so the bundle never reads package.json. */
export const VERSION = JSON.parse(readFileSync(join(here, "package.json"), "utf8")).version;

/** esbuild options shared by both bundles; no timestamps or minified names, so two builds are byte-identical. */
const common = {
  bundle: true,
  write: false,
  format: "esm",
  platform: "node",
  target: "node20",
  legalComments: "none",
  logLevel: "warning",
  // The path comments esbuild writes are relative to this, so building from cli/ (prepack) or the root is the same.
  absWorkingDir: dirname(here),
  define: { __HUSHNOTE_VERSION__: JSON.stringify(VERSION) },
};

/** Write then rename: a CLI started meanwhile (parallel test files each build) never loads half a file. */
function writeAtomically(path, bytes) {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, path);
}

/** Bundles one entry and writes it to `outfile`. */
async function bundle(outfile, options) {
  const result = await esbuild.build({ ...common, ...options });
  writeAtomically(outfile, result.outputFiles[0].contents);
}

/** Builds dist/hushnote.mjs and, once cli/src/sdk.ts exists, dist/sdk.mjs; returns the command's path. */
export async function buildCli() {
  await bundle(OUTFILE, {
    // The bin entry lives here rather than in main.ts, so the SDK and tests can import main.ts without running it.
    stdin: {
      contents: 'import { main } from "./src/main";\nprocess.exitCode = await main(process.argv.slice(2));\n',
      resolveDir: here,
      sourcefile: "cli/bin.ts",
      loader: "ts",
    },
    banner: { js: "#!/usr/bin/env node" },
  });
  if (existsSync(SDK_ENTRY)) await bundle(SDK_OUTFILE, { entryPoints: [SDK_ENTRY] });
  return OUTFILE;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildCli();
}
