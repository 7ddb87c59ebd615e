/**
 * hushnote send and read as streams, through a proxy in front of the real Worker: several files in one note, and
 * Ctrl-C mid-transfer, which cancels an unfinished upload on the server and leaves no partial file behind.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collect, runCli, startCli } from "./helpers";
import { useProxiedWorker } from "./proxied-worker";

const setup = useProxiedWorker("streaming");

/** Resolves once `check` is true, polling every 20 ms (fails after 20 s). */
async function until(check: () => boolean): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > 20_000) throw new Error("waited 20 s in vain");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Writes `files` (name → bytes) into a fresh directory; returns their paths in order. */
function sources(files: Record<string, Uint8Array>): string[] {
  const at = mkdtempSync(join(setup.dir, "src-"));
  return Object.entries(files).map(([name, bytes]) => {
    writeFileSync(join(at, name), bytes);
    return join(at, name);
  });
}

describe("hushnote send with several files", () => {
  it("sends them in one note, and read saves each under its name, an empty one too", async () => {
    const files = {
      "notes.txt": Buffer.from("plain text\n"),
      "empty.bin": Buffer.alloc(0),
      "key.bin": randomBytes(70_000),
    };
    const sent = await runCli(["send", ...sources(files)], { env: setup.env });
    expect(sent.code, sent.stderr).toBe(0);
    const out = mkdtempSync(join(setup.dir, "out-"));
    const read = await runCli(["read", sent.stdout.trim(), "--json"], { env: setup.env, cwd: out });
    expect(read.code, read.stderr).toBe(0);
    expect(JSON.parse(read.stdout).files).toEqual([
      { name: "notes.txt", type: "text/plain", size: 11, path: "notes.txt" },
      { name: "empty.bin", type: "application/octet-stream", size: 0, path: "empty.bin" },
      { name: "key.bin", type: "application/octet-stream", size: 70_000, path: "key.bin" },
    ]);
    for (const [name, bytes] of Object.entries(files)) expect(readFileSync(join(out, name)).equals(bytes)).toBe(true);
    expect(readdirSync(out).sort()).toEqual(["empty.bin", "key.bin", "notes.txt"]);
  });

  it('refuses "-" beside files, and a missing file before asking anything (exit 1)', async () => {
    const [file] = sources({ "a.txt": Buffer.from("a") });
    expect((await runCli(["send", file!, "-"], { env: setup.env })).stderr).toMatch(
      /"-" \(stdin\) cannot be sent together/,
    );
    const missing = await runCli(["send", file!, join(setup.dir, "nope.bin")], { env: setup.env });
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringMatching(/cannot read .*nope\.bin: ENOENT/)]);
  });
});

describe("Ctrl-C", () => {
  it("during send cancels the unfinished note on the server (exit 130)", async () => {
    const [file] = sources({ "big.bin": randomBytes(2 * 1024 * 1024) });
    const from = setup.proxy.seen.length;
    setup.proxy.stallUploads(true);
    try {
      const child = startCli(["send", file!], { env: setup.env });
      const done = collect(child, undefined, 60_000);
      await until(() => setup.proxy.seen.slice(from).some((s) => s.includes("/parts/0")));
      child.kill("SIGINT");
      const result = await done;
      expect([result.code, result.stderr]).toEqual([
        130,
        expect.stringMatching(/interrupted: the note was not created/),
      ]);
      const id = /\/api\/notes\/([\w-]{22})\/parts\/0/.exec(setup.proxy.seen.slice(from).join("\n"))![1];
      expect(setup.proxy.seen.slice(from)).toContain(`DELETE /api/notes/${id}`);
    } finally {
      setup.proxy.stallUploads(false);
    }
  });

  it("during read deletes the partial file (exit 130)", async () => {
    const [file] = sources({ "big.bin": randomBytes(3 * 1024 * 1024) });
    const link = (await runCli(["send", file!], { env: setup.env })).stdout.trim();
    const out = mkdtempSync(join(setup.dir, "out-"));
    setup.proxy.cutNextOpen(1024 * 1024, true);
    const child = startCli(["read", link], { env: setup.env, cwd: out });
    const done = collect(child, undefined, 60_000);
    await until(() => readdirSync(out).some((name) => name.endsWith(".part")));
    child.kill("SIGINT");
    const result = await done;
    expect([result.code, result.stderr]).toEqual([
      130,
      expect.stringMatching(/interrupted: no file was kept, and the view is spent/),
    ]);
    expect(readdirSync(out)).toEqual([]);
  });
});
