// Bundles the CLI (TypeScript, sharing crypto/ and protocol/ with the pages) into single self-contained files,
// because Node 20 cannot run TypeScript and the npm package ships no dependencies:
//   dist/hushnote.mjs  the `hushnote` command (runs on import), and dist/sdk.mjs the typed JS API;
//   with --types also dist/types/ (declarations for the SDK), which only `npm pack` needs (prepack).
// Run by `npm run build`; cli/hushnote.mjs also calls it when the bundle is missing.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
export const OUTFILE = join(here, "dist", "hushnote.mjs");
export const SDK_OUTFILE = join(here, "dist", "sdk.mjs");
export const TYPES_DIR = join(here, "dist", "types");
/** What package.json's "types" names: the SDK's declarations inside TYPES_DIR. */
export const TYPES_ENTRY = join(TYPES_DIR, "cli", "src", "sdk.d.ts");

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

/** Builds dist/hushnote.mjs and dist/sdk.mjs; returns the command's path. */
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
  await bundle(SDK_OUTFILE, { entryPoints: [join(here, "src", "sdk.ts")] });
  return OUTFILE;
}

// `from "./x"` and `import("./x")` in declarations: the specifiers a consumer's TypeScript resolves.
const SPECIFIER = /(\bfrom\s+|\bimport\()(["'])(\.{1,2}\/[^"']+)\2/g;

/** The declaration file a relative specifier in `file` names, and the spelling Node's ESM resolution accepts. */
function resolveSpecifier(file, specifier) {
  const base = resolve(dirname(file), specifier);
  if (existsSync(`${base}.d.ts`)) return { target: `${base}.d.ts`, spelled: `${specifier}.js` };
  if (existsSync(join(base, "index.d.ts")))
    return { target: join(base, "index.d.ts"), spelled: `${specifier}/index.js` };
  throw new Error(`${relative(here, file)}: no declarations for ${specifier}`);
}

/**
 * Emits the SDK's declarations with tsc into TYPES_DIR. The sources import without extensions (bundler style), which a
 * consumer with moduleResolution node16/nodenext cannot follow in a "type": "module" package, so every relative
 * specifier gets its ".js"; only the files reachable from the entry are kept.
 */
export function buildTypes() {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const temp = `${TYPES_DIR}.${process.pid}.tmp`;
  rmSync(temp, { recursive: true, force: true });
  const emitted = spawnSync(process.execPath, [tsc, "-p", join(here, "tsconfig.types.json"), "--outDir", temp], {
    stdio: "inherit",
  });
  if (emitted.status !== 0) throw new Error("tsc could not emit the SDK's declarations");
  const entry = join(temp, relative(TYPES_DIR, TYPES_ENTRY));
  const reached = new Set([entry]);
  for (const file of reached) {
    const text = readFileSync(file, "utf8").replace(SPECIFIER, (_, keyword, quote, specifier) => {
      const { target, spelled } = resolveSpecifier(file, specifier);
      reached.add(target);
      return `${keyword}${quote}${spelled}${quote}`;
    });
    writeFileSync(file, text);
  }
  rmSync(TYPES_DIR, { recursive: true, force: true });
  mkdirSync(TYPES_DIR);
  for (const file of reached) {
    const target = join(TYPES_DIR, relative(temp, file));
    mkdirSync(dirname(target), { recursive: true });
    renameSync(file, target);
  }
  rmSync(temp, { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildCli();
  if (process.argv.includes("--types")) buildTypes();
}
