// Builds each page into one self-contained HTML file in public/ (the Workers Assets directory) and writes
// worker/generated/pages.ts with each page's CSP (sha256 of its inline script and style). Deterministic: no
// timestamps, no absolute paths, fixed iteration order, so two builds of the same source are byte-identical.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

// `policies`: the Trusted Types policies each page creates (static/shared/trusted-types.ts): "hushnote" starts the
// crypto worker and draws the QR code, "htmx" parses server fragments, "dompurify" is DOMPurify's own (pad preview).
const PAGES = [
  { name: "create", route: "/", file: "index.html", worker: true, policies: ["hushnote", "htmx"] },
  { name: "note", route: "/n/:id", file: "note.html", worker: true, policies: ["hushnote"] },
  { name: "manage", route: "/m/:id", file: "manage.html", worker: false, policies: ["htmx"] },
  { name: "pad", route: "/p/:slug", file: "pad.html", worker: true, policies: ["hushnote", "dompurify"] },
];
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

async function buildPage(page, workerSource) {
  const dir = `static/pages/${page.name}`;
  const js = (
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
  if (/<\/script/i.test(js) || /<\/style/i.test(css))
    throw new Error(`${page.name}: inline code would close its element`);
  const template = readFileSync(`${dir}/page.html`, "utf8");
  if (!template.includes("<!--style-->") || !template.includes("<!--script-->"))
    throw new Error(`${page.name}: template lacks placeholders`);
  const html = template
    .replace("<!--style-->", () => `<style>${css}</style>`)
    .replace("<!--script-->", () => `<script>${js}</script>`);
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
    `trusted-types ${page.policies.join(" ")}`,
  ].join("; ");
  return {
    ...page,
    html,
    csp,
    scriptHash,
    styleHash,
    htmlHash: sha256(html),
    gzipBytes: gzipSync(html, { level: 9 }).length,
  };
}

const workerSource = await buildCryptoWorker();
const built = [];
for (const page of PAGES) built.push(await buildPage(page, workerSource));

rmSync("public", { recursive: true, force: true });
mkdirSync("public", { recursive: true });
for (const page of built) writeFileSync(`public/${page.file}`, page.html);
writeFileSync("public/favicon.svg", readFileSync("static/favicon.svg"));

const version = JSON.parse(readFileSync("package.json", "utf8")).version;
const manifest = {
  name: "hushnote",
  version,
  pages: Object.fromEntries(
    built.map((p) => [p.route, { file: p.file, html: p.htmlHash, script: p.scriptHash, style: p.styleHash }]),
  ),
};
const routes = Object.fromEntries(built.map((p) => [p.route, { asset: `/${p.file}`, csp: p.csp }]));
mkdirSync("worker/generated", { recursive: true });
writeFileSync(
  "worker/generated/pages.ts",
  `// Generated by scripts/build.mjs; do not edit.\n` +
    `/** Each page route's built asset and its CSP (hashes of exactly the inline code in that file). */\n` +
    `export const PAGE_ROUTES: Record<string, { asset: string; csp: string }> = ${JSON.stringify(routes, null, 2)};\n` +
    `/** Served at /.well-known/hushnote.json so anyone can compare what they run with a local build. */\n` +
    `export const MANIFEST = ${JSON.stringify(manifest, null, 2)};\n`,
);

for (const p of built) {
  console.log(
    `${p.route.padEnd(7)} public/${p.file.padEnd(12)} ${String(p.gzipBytes).padStart(6)} B gzip  html ${p.htmlHash}`,
  );
  console.log(`${"".padEnd(28)}script ${p.scriptHash}\n${"".padEnd(28)}style  ${p.styleHash}`);
}
