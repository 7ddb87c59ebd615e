// The bench's figures as compact tables, the ratios against issue 12's targets, and the same as JSON.
import { sizeLabel } from "./files.mjs";

const MIB = 1024 * 1024;
const f = (n, digits = 1) => (n === null || n === undefined ? "–" : n.toFixed(Math.abs(n) >= 100 ? 0 : digits));
const pad = (cells, widths) => cells.map((cell, i) => String(cell).padStart(widths[i])).join("  ");

function table(head, rows) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  return [pad(head, widths), ...rows.map((r) => pad(r, widths))].join("\n");
}

/** Ratios against the targets, between the smallest and the largest size measured. */
export function ratios(sizes) {
  const small = sizes[0];
  const large = sizes.at(-1);
  const cpu = (s, way) => s.cli[way].cpuMsPerRun.worker;
  const rawCpu = (s, way) => s.raw[way === "upload" ? "put" : "get"].cpuMsPerRun.worker;
  // Signed: a negative figure is the measurement's noise (clock ticks, a busy machine), not a saving.
  const over = (s, way) => cpu(s, way) - rawCpu(s, way);
  const perSize = sizes.map((s) => ({
    size: s.size,
    cliUploadVsRaw: s.cli.upload.mbps / s.raw.put.mbps,
    cliDownloadVsRaw: s.cli.download.mbps / s.raw.get.mbps,
    bytesOnlyDownloadVsRaw: s.bytesOnlyDownload.mbps / s.raw.get.mbps,
    chromiumUploadVsRaw: s.chromium ? s.chromium.upload.mbps / s.raw.put.mbps : null,
    chromiumDownloadVsRaw: s.chromium ? s.chromium.download.mbps / s.raw.get.mbps : null,
  }));
  return {
    between: [small.size, large.size],
    workerCpuPerNote: {
      upload: cpu(large, "upload") / cpu(small, "upload"),
      download: cpu(large, "download") / cpu(small, "download"),
    },
    workerCpuBeyondRawKv: {
      upload: { small: over(small, "upload"), large: over(large, "upload") },
      download: { small: over(small, "download"), large: over(large, "download") },
    },
    peakMemory: {
      ratio: large.memory.workerPeakBytes / small.memory.workerPeakBytes,
      growthBytes: large.memory.workerPeakBytes - small.memory.workerPeakBytes,
    },
    throughput: perSize,
  };
}

const verdict = (ok) => (ok ? "meets" : "misses");

/** Prints everything measured; `run` is the whole JSON object (sizes, rows, ratios, machine). */
export function print(run, out = console.log) {
  const { sizes, rows, ratio } = run;
  const ways = (s) => [
    s.cli.upload,
    s.cli.download,
    s.bytesOnlyDownload,
    s.chromium?.upload,
    s.chromium?.download,
    s.raw.put,
    s.raw.get,
  ];
  const head = ["note", "CLI up", "CLI down", "bytes down", "Chromium up", "Chromium down", "raw KV put", "raw KV get"];
  const runs = sizes.map((s) => `${sizeLabel(s.size)}×${s.cli.upload.runs}`).join(", ");
  out(`\nTransfers, MB/s (MB = 10^6 bytes of ciphertext; one-time notes, link key only; CLI and raw runs: ${runs})`);
  out("(bytes down: the open's body read by Node's fetch and dropped, no decryption or disk: the Worker's path alone)");
  out(
    table(
      head,
      sizes.map((s) => [sizeLabel(s.size), ...ways(s).map((w) => f(w?.mbps, 2))]),
    ),
  );
  out("\nThe same transfers, ms per note (wall time from the first request to the last byte)");
  out(
    table(
      head,
      sizes.map((s) => [sizeLabel(s.size), ...ways(s).map((w) => f(w?.msPerRun, 0))]),
    ),
  );
  out(
    "\nRuntime CPU per note, ms (process accounting of the Worker's workerd, which also runs the local KV and Durable",
  );
  out(
    "Object simulators; idle rate taken off; /req = per HTTP request; wrangler's proxy runtime and raw KV beside it)",
  );
  const w = (x) => x.cpuMsPerRun.worker;
  out(
    table(
      [
        "note",
        "upload",
        "/req",
        "download",
        "/req",
        "proxy up",
        "proxy down",
        "raw put",
        "raw get",
        "peak RSS",
        "proxy RSS",
      ],
      sizes.map((s) => [
        sizeLabel(s.size),
        f(w(s.cli.upload)),
        f(w(s.cli.upload) / s.cli.upload.requestsPerRun),
        f(w(s.cli.download)),
        f(w(s.cli.download) / s.cli.download.requestsPerRun),
        f(s.cli.upload.cpuMsPerRun.proxy),
        f(s.cli.download.cpuMsPerRun.proxy),
        f(w(s.raw.put)),
        f(w(s.raw.get)),
        `${f(s.memory.workerPeakBytes / MIB, 0)} MiB`,
        `${f(s.memory.proxyPeakBytes / MIB, 0)} MiB`,
      ]),
    ),
  );
  if (rows.length > 0) {
    out("\nRequests, 1 KiB notes (autocannon, 16 connections)");
    out(
      table(
        ["request", "req/s", "notes/s", "p50 ms", "p99 ms", "requests", "not 2xx", "CPU ms/req", "proxy ms/req"],
        rows.map((r) => [
          r.title,
          f(r.requestsPerSecond, 0),
          f(r.notesPerSecond, 0),
          r.p50,
          r.p99,
          r.requests,
          r.notOk,
          f(r.cpuMsPerRequest.worker, 2),
          f(r.cpuMsPerRequest.proxy, 2),
        ]),
      ),
    );
  }
  const [small, large] = ratio.between.map(sizeLabel);
  out(`\nAgainst issue 12's targets (${large} vs ${small}):`);
  const cpu = ratio.workerCpuPerNote;
  out(
    `- Worker runtime CPU per note: upload ${f(cpu.upload)}×, download ${f(cpu.download)}× (target ≤ 2×: ${verdict(cpu.upload <= 2 && cpu.download <= 2)}; the process also runs the local KV, which writes and reads every byte)`,
  );
  const beyond = ratio.workerCpuBeyondRawKv;
  out(
    `  CPU beyond the bare KV Worker moving the same bytes, ${small} → ${large}: upload ${f(beyond.upload.small)} → ${f(beyond.upload.large)} ms, download ${f(beyond.download.small)} → ${f(beyond.download.large)} ms per note`,
  );
  out(
    `- Peak runtime memory: ${f(ratio.peakMemory.ratio, 2)}× (${f(ratio.peakMemory.growthBytes / MIB)} MiB apart; target: independent of body size)`,
  );
  // Below 1 MiB a transfer is a few round trips, not a throughput: those ratios stay in the JSON only.
  const against = (x, target) => `${f(x, 2)}× (${verdict(x >= target)})`;
  for (const t of ratio.throughput.filter((x) => x.size >= MIB)) {
    const cli = `CLI up ${against(t.cliUploadVsRaw, 0.7)}, down ${against(t.cliDownloadVsRaw, 0.7)} of raw KV (≥ 0.7; bytes down ${f(t.bytesOnlyDownloadVsRaw, 2)}×)`;
    const chromium =
      t.chromiumUploadVsRaw === null
        ? ""
        : `; Chromium up ${against(t.chromiumUploadVsRaw, 0.5)}, down ${against(t.chromiumDownloadVsRaw, 0.5)} (≥ 0.5)`;
    out(`- ${sizeLabel(t.size).padStart(7)}: ${cli}${chromium}`);
  }
  const ceiling = run.browserCeiling;
  if (ceiling) {
    out(
      `- Chromium alone on this machine uploads ${f(ceiling.uploadMbps)} MB/s (${sizeLabel(ceiling.bytes)} by XMLHttpRequest to a bare node:http server, no Worker, no crypto)`,
    );
  }
  const { loadStart, loadEnd, cpus } = run.machine;
  out(
    `\nLoad average ${loadStart.map((l) => l.toFixed(2)).join(" ")} at the start, ${loadEnd.map((l) => l.toFixed(2)).join(" ")} at the end, on ${cpus} CPUs: figures taken while other work runs on the machine are noisy.`,
  );
}
