#!/usr/bin/env node
// The `hushnote` command (package.json "bin"). Node 20 cannot run the TypeScript sources, so this loads the bundle
// `npm run build` writes, building it first on a fresh clone where only `npm install` has run.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const bundle = join(dirname(fileURLToPath(import.meta.url)), "dist", "hushnote.mjs");
if (!existsSync(bundle)) {
  const { buildCli } = await import("./build.mjs");
  await buildCli();
}
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
