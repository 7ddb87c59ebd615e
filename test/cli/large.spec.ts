/**
 * Issue 12's "done when" for the CLI: a 100 MiB file from `hushnote send` to `hushnote read` byte-identical through a
 * real Worker, in bounded memory; and a one-time download cut half-way that resumes through the grant and completes.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers";
import { runMeasured } from "./peak-memory";
import { useProxiedWorker } from "./proxied-worker";

const MIB = 1024 * 1024;
const setup = useProxiedWorker("large");

/** The SHA-256 of a file, read as a stream. */
async function sha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** A file of `size` random bytes in a fresh directory, written 1 MiB at a time. */
function randomFile(name: string, size: number): string {
  const path = join(mkdtempSync(join(setup.dir, "src-")), name);
  writeFileSync(path, "");
  for (let at = 0; at < size; at += MIB) writeFileSync(path, randomBytes(Math.min(MIB, size - at)), { flag: "a" });
  return path;
}

describe("hushnote with large files", () => {
  it("sends and reads a 100 MiB file byte-identical, its memory bounded by a few parts", async () => {
    /** Peak RSS of sending and reading `source`, checking the copy read back is identical. */
    async function roundTrip(source: string): Promise<[number, number]> {
      const sent = await runMeasured(["send", source, "--quiet"], { env: setup.env });
      expect(sent.code, sent.stderr).toBe(0);
      const out = mkdtempSync(join(setup.dir, "out-"));
      const read = await runMeasured(["read", sent.stdout.trim(), "--quiet"], { env: setup.env, cwd: out });
      expect(read.code, read.stderr).toBe(0);
      expect(readdirSync(out)).toHaveLength(1);
      expect(await sha256(join(out, readdirSync(out)[0]!))).toBe(await sha256(source));
      return [sent.peakMiB, read.peakMiB];
    }
    const [sendSmall, readSmall] = await roundTrip(randomFile("small.bin", 1024));
    const [sendBig, readBig] = await roundTrip(randomFile("big.bin", 100 * MIB));
    console.log(
      `peak RSS, 1 KiB → 100 MiB file: send ${sendSmall.toFixed(0)} → ${sendBig.toFixed(0)} MiB, read ${readSmall.toFixed(0)} → ${readBig.toFixed(0)} MiB`,
    );
    // One part of at most 25 MiB in flight (and its garbage) over Node's own footprint; the file's size must not show.
    expect(sendBig - sendSmall).toBeLessThan(64);
    expect(readBig - readSmall).toBeLessThan(64);
  }, 600_000);

  it("resumes a one-time download cut half-way, without a second view, and finishes it", async () => {
    const source = randomFile("half.bin", 30 * MIB);
    const link = (await runCli(["send", source], { env: setup.env })).stdout.trim();
    const id = /\/n\/([\w-]{22})#/.exec(link)![1]!;
    const out = mkdtempSync(join(setup.dir, "out-"));
    const from = setup.proxy.seen.length;
    setup.proxy.cutNextOpen(15 * MIB);
    const read = await runCli(["read", link], { env: setup.env, cwd: out, timeoutMs: 120_000 });
    expect(read.code, read.stderr).toBe(0);
    expect(await sha256(join(out, "half.bin"))).toBe(await sha256(source));
    const seen = setup.proxy.seen.slice(from);
    expect(seen).toContain(`POST /api/notes/${id}/open`);
    expect(seen).toContainEqual(expect.stringMatching(new RegExp(`^GET /api/notes/${id}/body bytes=\\d+-$`)));
    expect(seen.at(-1)).toBe(`DELETE /api/notes/${id}/body`);
    expect(seen.filter((s) => s.endsWith("/open"))).toHaveLength(1);
    expect((await runCli(["read", link], { env: setup.env, cwd: out })).code).toBe(2);
  }, 300_000);

  it("deletes the partial file when a cut download cannot be resumed, and keeps nothing else", async () => {
    const source = randomFile("lost.bin", 8 * MIB);
    const link = (await runCli(["send", source], { env: setup.env })).stdout.trim();
    const out = mkdtempSync(join(setup.dir, "out-"));
    setup.proxy.cutNextOpen(4 * MIB);
    setup.proxy.refuseResume(true);
    try {
      const read = await runCli(["read", link], { env: setup.env, cwd: out, timeoutMs: 120_000 });
      expect(read.code).toBe(2);
      expect(readdirSync(out)).toEqual([]);
    } finally {
      setup.proxy.refuseResume(false);
    }
  }, 300_000);
});
