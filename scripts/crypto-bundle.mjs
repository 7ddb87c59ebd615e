// Bundles crypto/ (TypeScript) into one ES module Node can import, since Node 20 cannot run TypeScript itself.
import { mkdirSync } from "node:fs";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

/** Builds crypto/index.ts to node_modules/.cache/hushnote/<name>.mjs and imports it. */
export async function importCrypto(name = "crypto") {
  const dir = "node_modules/.cache/hushnote";
  mkdirSync(dir, { recursive: true });
  const outfile = `${dir}/${name}.mjs`;
  await esbuild.build({
    entryPoints: ["crypto/index.ts"],
    bundle: true,
    format: "esm",
    platform: "neutral",
    outfile,
    logLevel: "warning",
  });
  return import(pathToFileURL(outfile).href);
}
