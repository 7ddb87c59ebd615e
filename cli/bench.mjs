// Times `hushnote send` and `hushnote read` of one file end to end (process start to exit), as a user sees them.
// Usage: node cli/bench.mjs [--server URL] [--mib 10] [--runs 5]. The server must take the file: MAX_BODY_BYTES
// (default 100 MiB) counts text and files, with 64 KiB of room for the manifest.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    server: { type: "string" },
    mib: { type: "string", default: "10" },
    runs: { type: "string", default: "5" },
  },
});
const cli = new URL("./hushnote.mjs", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "hushnote-bench-"));
const file = join(dir, "payload.bin");
const bytes = randomBytes(Number(values.mib) * 1024 * 1024);
writeFileSync(file, bytes);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function run(args, env, cwd) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [cli, ...args], {
    env: { ...process.env, ...env },
    cwd,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`hushnote ${args[0]} failed: ${result.stderr}`);
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, stdout: result.stdout };
}

for (const [label, env] of [
  ["link key only", {}],
  ["link key + password", { HUSHNOTE_PASSWORD: "bench password" }],
]) {
  const sends = [];
  const reads = [];
  for (let i = 0; i < Number(values.runs); i++) {
    const server = values.server ? ["--server", values.server] : [];
    const sent = run(["send", file, "--quiet", ...server], env);
    const out = mkdtempSync(join(dir, "out-"));
    const read = run(["read", sent.stdout.trim(), "--quiet"], env, out);
    if (!readFileSync(join(out, "payload.bin")).equals(bytes)) throw new Error("round trip changed the file");
    sends.push(sent.ms);
    reads.push(read.ms);
  }
  const rate = (ms) => (Number(values.mib) / (ms / 1000)).toFixed(1);
  console.log(
    `${values.mib} MiB, ${label}: send median ${median(sends).toFixed(0)} ms (${rate(median(sends))} MiB/s), ` +
      `read median ${median(reads).toFixed(0)} ms (${rate(median(reads))} MiB/s) (${values.runs} runs)`,
  );
}
rmSync(dir, { recursive: true, force: true });
