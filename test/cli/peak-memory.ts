/** Runs the built CLI and reports its peak resident memory, read by the process itself as it exits. */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI, collect, type Result } from "./helpers";

// Preloaded into the CLI's Node: at exit, write process.resourceUsage().maxRSS (KiB) to the file the env names.
const PRELOAD = `data:text/javascript,${encodeURIComponent(
  'import { writeFileSync } from "node:fs"; process.on("exit", () => writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS)));',
)}`;

/** `hushnote args…` to completion, with its peak RSS in MiB. */
export async function runMeasured(
  args: string[],
  opts: { env: Record<string, string>; cwd?: string; timeoutMs?: number },
): Promise<Result & { peakMiB: number }> {
  const file = join(mkdtempSync(join(tmpdir(), "hushnote-rss-")), "rss");
  const child = spawn(process.execPath, ["--import", PRELOAD, CLI, ...args], {
    cwd: opts.cwd,
    env: { ...opts.env, PEAK_RSS_FILE: file },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const result = await collect(child, undefined, opts.timeoutMs ?? 300_000);
  return { ...result, peakMiB: Number(readFileSync(file, "utf8")) / 1024 };
}
