// npm run bench [-- --quick] [-- --json out.json] [-- --no-browser] [-- --no-rows]: issue 12's budgets against
// wrangler's dev server (what `npm start` runs, file watcher off) on loopback, a fresh one per size. For 1 KiB, 1 MiB, 25 MiB and 100 MiB notes: the Worker runtime's CPU per note from process accounting,
// its peak resident memory, upload/download MB/s through the CLI's SDK and through the pages in headless Chromium,
// beside a bare KV Worker's put/get of the same bytes (the ceiling); then request rates for 1 KiB notes and the crypto
// figures. Prints figures and the ratios against the targets; asserts nothing. Everything it starts, it stops.
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { launchChromium } from "./bench/chromium.mjs";
import { chromiumCeiling } from "./bench/chromium-ceiling.mjs";
import { scratch, sizeLabel } from "./bench/files.mjs";
import { startRawKv } from "./bench/raw-kv.mjs";
import { print, ratios } from "./bench/report.mjs";
import { benchRows } from "./bench/rows.mjs";
import { stopAll } from "./bench/server.mjs";
import { benchSize, startApp } from "./bench/sizes.mjs";
import { importCrypto } from "./crypto-bundle.mjs";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    json: { type: "string" },
    "no-browser": { type: "boolean", default: false },
    "no-rows": { type: "boolean", default: false },
  },
});
const KIB = 1024;
const MIB = 1024 * KIB;
// [size, CLI and raw KV runs, Chromium round trips]; --quick is a smoke run of the whole harness in about a minute.
const PLAN = values.quick
  ? [
      [KIB, 10, 1],
      [MIB, 4, 1],
    ]
  : [
      [KIB, 50, 3],
      [MIB, 20, 3],
      [25 * MIB, 6, 2],
      [100 * MIB, 3, 2],
    ];
const ROWS = values.quick ? { seconds: 3, oneTime: 200 } : { seconds: 10, oneTime: 1500 };
const log = (line) => console.error(line);
const files = scratch();

function stopEverything() {
  stopAll();
  files.remove();
}
// The bench must end by itself: a hung step stops everything after this long.
const watchdog = setTimeout(
  () => {
    log("bench: out of time; stopping every server it started");
    stopEverything();
    process.exit(2);
  },
  (values.quick ? 6 : 20) * 60_000,
);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopEverything();
    process.exit(130);
  });
}

log("bench: building the pages and the CLI");
for (const script of ["scripts/build.mjs", "cli/build.mjs"]) {
  if (spawnSync(process.execPath, [script], { stdio: "inherit" }).status !== 0) throw new Error(`${script} failed`);
}
const c = await importCrypto("bench-parts");
// The pages as built now: others rebuilding public/ meanwhile would make wrangler restart the runtime mid-run.
const assets = join(files.dir, "public");
cpSync("public", assets, { recursive: true });
const loadStart = loadavg();
const sizes = [];
let rows = [];
let raw;
let browser;
let browserCeiling = null;
try {
  raw = await startRawKv();
  browser = values["no-browser"] ? null : await launchChromium();
  if (browser) browserCeiling = await chromiumCeiling(browser);
  for (const [size, runs, browserRuns] of PLAN) {
    log(`bench: ${sizeLabel(size)} notes on a fresh dev server`);
    const browserRunsHere = browser ? browserRuns : 0;
    sizes.push(
      await benchSize({ size, runs, browserRuns: browserRunsHere, browser, raw, dir: files.dir, assets, c, log }),
    );
  }
  if (!values["no-rows"]) {
    log("bench: request rates for 1 KiB notes on a fresh dev server");
    const server = await startApp(assets);
    try {
      rows = await benchRows(server, c, { ...ROWS, log });
    } finally {
      await server.stop();
    }
  }
} finally {
  await browser?.close();
  await raw?.stop();
  stopEverything();
}

const run = {
  date: new Date().toISOString(),
  quick: values.quick,
  machine: {
    cpus: cpus().length,
    node: process.versions.node,
    wrangler: JSON.parse(readFileSync("node_modules/wrangler/package.json", "utf8")).version,
    loadStart,
    loadEnd: loadavg(),
  },
  sizes,
  browserCeiling,
  rows,
  ratio: ratios(sizes),
};
print(run);
if (values.json) {
  writeFileSync(values.json, `${JSON.stringify(run, null, 2)}\n`);
  log(`bench: figures written to ${values.json}`);
}
clearTimeout(watchdog);

if (!values.quick) {
  console.log("");
  await import("./bench-crypto.mjs");
}
