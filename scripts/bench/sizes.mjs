// One note size, measured on a fresh `wrangler dev` (so its peak memory is its own): CLI SDK uploads and downloads
// with the runtime's CPU per note, Chromium through the pages, then the raw KV ceiling for the same bytes.
import { randomBytes } from "node:crypto";
import { prepareBytesOnly } from "./bytes-only.mjs";
import { chromiumDownload, chromiumUpload } from "./chromium.mjs";
import { sha256File, writeRandomFile } from "./files.mjs";
import { idleRate, measured, summarize } from "./measure.mjs";
import { watchMemory } from "./proc.mjs";
import { rawGet, rawPut } from "./raw-kv.mjs";
import { getConfig, sdkDownload, sdkUpload } from "./sdk.mjs";
import { startWrangler } from "./server.mjs";

/** Variables every bench instance runs with: no rate limits (all requests come from 127.0.0.1), the 100 MiB default. */
const BENCH_VARS = { RATE_LIMITS: "false", HUSHNOTE_DEV: "true", MAX_BODY_BYTES: "104857600" };

/** A fresh instance of the project's Worker, serving the pages from `assets` (a snapshot of public/). */
export const startApp = (assets) => startWrangler({ vars: BENCH_VARS, assets });

const noteId = (link) => new URL(link).pathname.split("/")[2];

/** The stored ciphertext's length, from the status GET (consumes nothing). */
async function storedSize(origin, link) {
  const status = await (await fetch(`${origin}/api/notes/${noteId(link)}`)).json();
  return status.size;
}

/** Sends and reads one small note, untimed: the runtime compiles and warms up before anything is measured. */
async function warmUp(origin, config, dir) {
  const file = writeRandomFile(dir, "warm.bin", 1024);
  await sdkDownload(await sdkUpload(origin, config, file), dir);
}

/**
 * Measures one size: `runs` CLI uploads then downloads (CPU per note from process accounting, idle rate taken off),
 * `browserRuns` Chromium round trips, peak resident memory of the runtime across all of them, then `runs` raw KV
 * puts and gets of the same bytes on `raw` (the bare KV Worker's server). `c` is the crypto module (part sizes).
 */
export async function benchSize({ size, runs, browserRuns, browser, raw, dir, assets, c, log }) {
  const file = writeRandomFile(dir, `note-${size}.bin`, size);
  const server = await startApp(assets);
  try {
    const config = await getConfig(server.origin);
    await warmUp(server.origin, config, dir);
    const idle = await idleRate(server.runtime, 3);
    const memory = watchMemory([...server.runtime.worker, ...server.runtime.proxy]);
    const uploads = [];
    for (let i = 0; i < runs; i++)
      uploads.push(await measured(server.runtime, () => sdkUpload(server.origin, config, file)));
    const bytes = await storedSize(server.origin, uploads[0].result);
    const parts = c.partSizes(bytes, 2);
    log(`  ${runs} CLI uploads of ${bytes} ciphertext bytes (${parts.length} part(s)) done`);
    const downloads = [];
    for (const upload of uploads) {
      const read = await measured(server.runtime, () => sdkDownload(upload.result, dir));
      // Checked outside the timed span: the runtime is idle meanwhile.
      if ((await sha256File(read.result)) !== file.sha256) throw new Error("the CLI read back other bytes");
      downloads.push(read);
    }
    log(`  ${runs} CLI downloads done, byte-identical`);
    const bytesOnly = [];
    for (let i = 0; i < runs; i++) {
      const drain = await prepareBytesOnly(c, await sdkUpload(server.origin, config, file));
      bytesOnly.push(await measured(server.runtime, drain));
    }
    const browserUp = [];
    const browserDown = [];
    for (let i = 0; i < browserRuns; i++) {
      const up = await chromiumUpload(browser, server.origin, file);
      browserUp.push({ ms: up.ms });
      browserDown.push(await chromiumDownload(browser, up.link, file));
    }
    if (browserRuns > 0) log(`  ${browserRuns} Chromium round trips done, byte-identical`);
    const peak = memory.stop();
    const ceiling = await rawCeiling(raw, size, parts, runs);
    log(`  ${runs} raw KV puts and gets done`);
    const summary = (list, requests) => ({ ...summarize(list, bytes, idle), requestsPerRun: requests });
    return {
      size,
      ciphertextBytes: bytes,
      parts: parts.length,
      idleCpuMsPerSecond: idle,
      // create + one PUT per part (the config is fetched once); status GET + open + finish (DELETE body).
      cli: { upload: summary(uploads, 1 + parts.length), download: summary(downloads, 3) },
      // open + body + finish from Node's fetch, no decryption or disk: the Worker's download path by itself.
      bytesOnlyDownload: summary(bytesOnly, 2),
      chromium:
        browserRuns > 0 ? { upload: summarize(browserUp, bytes), download: summarize(browserDown, bytes) } : null,
      raw: ceiling,
      memory: {
        workerPeakBytes: sumPeaks(peak, server.runtime.worker),
        proxyPeakBytes: sumPeaks(peak, server.runtime.proxy),
        kernelHighWaterMark: peak.hwmReset,
      },
    };
  } finally {
    await server.stop();
  }
}

const sumPeaks = (peak, pids) => peak.perPid.filter((p) => pids.includes(p.pid)).reduce((s, p) => s + p.peak, 0);

/** `runs` raw KV puts of `parts` (each a KV value), then as many gets, timed and accounted like the CLI's. */
async function rawCeiling(raw, size, parts, runs) {
  const bytes = parts.reduce((s, p) => s + p, 0);
  const source = randomBytes(1024 * 1024);
  const keys = Array.from({ length: runs }, (_, i) => `${size}-${i}-${randomBytes(6).toString("hex")}`);
  const idle = await idleRate(raw.runtime, 1);
  const puts = [];
  for (const key of keys) puts.push(await measured(raw.runtime, () => rawPut(raw.origin, key, parts, source)));
  const gets = [];
  for (const key of keys) {
    const got = await measured(raw.runtime, () => rawGet(raw.origin, key, parts));
    if (got.result !== bytes) throw new Error(`raw KV gave back ${got.result} of ${bytes} bytes`);
    gets.push(got);
  }
  return {
    put: { ...summarize(puts, bytes, idle), requestsPerRun: parts.length },
    get: { ...summarize(gets, bytes, idle), requestsPerRun: parts.length },
  };
}
