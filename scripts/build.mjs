// Builds each page into one self-contained HTML file in public/ (the Workers Assets directory) and writes
// worker/generated/pages.ts with each page's CSP (sha256 of its inline script and style). Deterministic: no
// timestamps, no absolute paths, fixed iteration order, so two builds of the same source are byte-identical.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import {
  fillTemplate,
  loadCatalogs,
  loadLanguages,
  pickerMarkup,
  scriptKeys,
  shortenKeys,
  stringsBlock,
  withFallback,
} from "./build/i18n.mjs";
import { PAGES } from "./build/pages.mjs";

const COMMON = { bundle: true, minify: true, write: false, target: "es2022", legalComments: "none", charset: "utf8" };
const sha256 = (text) => `sha256-${createHash("sha256").update(text, "utf8").digest("base64")}`;

/** The crypto Web Worker, bundled on its own and handed to pages as a string (they start it from a blob: URL). */
async function buildCryptoWorker() {
  const out = await esbuild.build({ ...COMMON, entryPoints: ["static/shared/crypto-worker.ts"], format: "iife" });
  return out.outputFiles[0].text;
}

/** Resolves `import source from "hushnote:crypto-worker"` to the worker's bundled code, so the page hash covers it. */
const workerPlugin = (source) => ({
  name: "crypto-worker",
  setup(build) {
    build.onResolve({ filter: /^hushnote:crypto-worker$/ }, () => ({ path: "crypto-worker", namespace: "hushnote" }));
    build.onLoad({ filter: /.*/, namespace: "hushnote" }, () => ({
      contents: `export default ${JSON.stringify(source)};`,
      loader: "js",
    }));
  },
});

async function buildPage(page, workerSource, i18n) {
  const dir = `static/pages/${page.name}`;
  const bundled = (
    await esbuild.build({
      ...COMMON,
      entryPoints: [`${dir}/main.ts`],
      format: "iife",
      plugins: [workerPlugin(workerSource)],
    })
  ).outputFiles[0].text.trimEnd();
  const css = (
    await esbuild.build({ ...COMMON, entryPoints: [`${dir}/style.css`], loader: { ".css": "css" } })
  ).outputFiles[0].text.trimEnd();
  // esbuild escapes "</script" inside strings; this guards the assumption that inlining cannot end the element early.
  if (/<\/script/i.test(bundled) || /<\/style/i.test(css))
    throw new Error(`${page.name}: inline code would close its element`);
  const template = readFileSync(`${dir}/page.html`, "utf8");
  if (!template.includes("<!--style-->") || !template.includes("<!--script-->"))
    throw new Error(`${page.name}: template lacks placeholders`);
  const keys = scriptKeys(bundled, page.name, i18n.catalogs[i18n.source]);
  const js = shortenKeys(bundled, keys);
  // One file per language: the markup and the script's messages differ, the script and style (and so the CSP) do not.
  const variants = i18n.languages.map((language) => {
    const { messages } = i18n.resolved[language.code];
    const html = fillTemplate(template, page.name, language, messages)
      .replace("<!--languages-->", () => pickerMarkup(i18n.languages, language, messages))
      .replace("<!--style-->", () => `<style>${css}</style>`)
      .replace("<!--script-->", () => `${stringsBlock(keys, messages, true, language)}<script>${js}</script>`);
    const file = language.code === i18n.source ? page.file : `${language.code}/${page.file}`;
    return { code: language.code, file, html, htmlHash: sha256(html), gzipBytes: gzipSync(html, { level: 9 }).length };
  });
  const scriptHash = sha256(js);
  const styleHash = sha256(css);
  const csp = [
    "default-src 'none'",
    `script-src '${scriptHash}'`,
    `style-src '${styleHash}'`,
    // blob: for previews of decrypted images; the QR code is inline SVG and needs nothing.
    "img-src 'self' blob:",
    "connect-src 'self'",
    // The KDF runs in a Web Worker started from a blob: URL whose source is part of the hashed inline script.
    ...(page.worker ? ["worker-src blob:"] : []),
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // DOM sinks (innerHTML, DOMParser, new Worker…) take only values from these named policies, each created once.
    "require-trusted-types-for 'script'",
    // A page that creates no policy allows none: every sink refuses every value.
    `trusted-types ${page.policies.length ? page.policies.join(" ") : "'none'"}`,
  ].join("; ");
  const source = variants.find((v) => v.code === i18n.source);
  return {
    ...page,
    variants,
    html: source.html,
    csp,
    scriptHash,
    styleHash,
    htmlHash: source.htmlHash,
    gzipBytes: source.gzipBytes,
  };
}

const { languages, source } = await loadLanguages();
const catalogs = loadCatalogs(languages, source);
const resolved = Object.fromEntries(languages.map((l) => [l.code, withFallback(catalogs[l.code], catalogs[source])]));
const i18n = { languages, source, catalogs, resolved };
const workerSource = await buildCryptoWorker();
const built = [];
for (const page of PAGES) built.push(await buildPage(page, workerSource, i18n));

rmSync("public", { recursive: true, force: true });
mkdirSync("public", { recursive: true });
for (const page of built) {
  for (const variant of page.variants) {
    mkdirSync(`public/${variant.file}`.replace(/[^/]+$/, ""), { recursive: true });
    writeFileSync(`public/${variant.file}`, variant.html);
  }
}
writeFileSync("public/favicon.svg", readFileSync("static/favicon.svg"));

const version = JSON.parse(readFileSync("package.json", "utf8")).version;
/** Every route a page answers, each with that page: the manifest and the Worker list them one by one. */
const byRoute = built.flatMap((p) => [p.route, ...(p.aliases ?? [])].map((route) => ({ ...p, route })));
const manifest = {
  name: "hushnote",
  version,
  pages: Object.fromEntries(
    byRoute.map((p) => [
      p.route,
      {
        file: p.file,
        html: p.htmlHash,
        script: p.scriptHash,
        style: p.styleHash,
        // Every language's file of this page: the Worker serves exactly these bytes.
        languages: Object.fromEntries(p.variants.map((v) => [v.code, { file: v.file, html: v.htmlHash }])),
      },
    ]),
  ),
};
const routes = Object.fromEntries(
  byRoute.map((p) => [
    p.route,
    { asset: `/${p.file}`, csp: p.csp, languages: Object.fromEntries(p.variants.map((v) => [v.code, `/${v.file}`])) },
  ]),
);
// The Worker renders the htmx fragments itself, in the page's language: it gets only that section of each catalog.
const fragmentStrings = Object.fromEntries(
  languages.map((l) => [
    l.code,
    Object.fromEntries(
      Object.entries(resolved[l.code].messages)
        .filter(([key]) => key.startsWith("fragments."))
        .map(([key, message]) => [key.slice("fragments.".length), message]),
    ),
  ]),
);
mkdirSync("worker/generated", { recursive: true });
writeFileSync(
  "worker/generated/pages.ts",
  `// Generated by scripts/build.mjs; do not edit.\n` +
    `/** Each page route's built asset and its CSP (hashes of exactly the inline code in that file). */\n` +
    `export const PAGE_ROUTES: Record<string, { asset: string; csp: string; languages: Record<string, string> }> = ${JSON.stringify(routes, null, 2)};\n` +
    `/** Served at /.well-known/hushnote.json so anyone can compare what they run with a local build. */\n` +
    `export const MANIFEST = ${JSON.stringify(manifest, null, 2)};\n`,
);
writeFileSync(
  "worker/generated/strings.ts",
  `// Generated by scripts/build.mjs from i18n/locales; do not edit.\n` +
    `import type { Message } from "../../i18n/format";\n` +
    `/** Each language's "fragments" messages (English where a catalog lacks one), for the htmx fragments. */\n` +
    `export const FRAGMENT_STRINGS: Record<string, Record<string, Message>> = ${JSON.stringify(fragmentStrings, null, 2)};\n`,
);

for (const { code, missing } of languages.map((l) => ({ code: l.code, missing: resolved[l.code].missing })))
  if (missing.length)
    console.log(`i18n: ${code} lacks ${missing.length} message(s); English stands in (npm test fails)`);
for (const p of built) {
  console.log(`${"".padEnd(7)} languages ${p.variants.map((v) => `${v.code} ${v.gzipBytes}`).join(", ")} (B gzip)`);
  console.log(
    `${p.route.padEnd(7)} public/${p.file.padEnd(12)} ${String(p.gzipBytes).padStart(6)} B gzip  html ${p.htmlHash}`,
  );
  console.log(`${"".padEnd(28)}script ${p.scriptHash}\n${"".padEnd(28)}style  ${p.styleHash}`);
}
