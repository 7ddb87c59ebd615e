#!/usr/bin/env node
// The `hushnote` command in a clone (the root package.json's "bin"). Node 20 cannot run the TypeScript sources, so
// this runs the bundle `npm run build` writes, building it first on a fresh clone where only `npm install` has run.
// The npm package (cli/package.json) points its "bin" at the bundle itself.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const bundle = join(dirname(fileURLToPath(import.meta.url)), "dist", "hushnote.mjs");
if (!existsSync(bundle)) {
  const { buildCli } = await import("./build.mjs");
  await buildCli();
}
// The bundle runs the command with process.argv on import.
await import(pathToFileURL(bundle).href);
