/** The progress line: redrawn on a real terminal, and absent (with every escape sequence) where it would be noise. */
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../browser/server";
import { build, cliEnv, runCli } from "./helpers";
import { onPty } from "./pty";

let server: TestServer;
let env: Record<string, string>;
let file: string;
const ESC = "\x1b";

beforeAll(async () => {
  build();
  server = await startServer();
  // A terminal that can redraw a line, whatever the test runner's own TERM and NO_COLOR are.
  const { NO_COLOR: _n, ...base } = cliEnv(server.origin);
  env = { ...base, TERM: "xterm-256color" };
  // Over the 4 MiB threshold and under the server's default 10 MiB limit.
  file = join(mkdtempSync(join(tmpdir(), "hushnote-progress-")), "big.bin");
  writeFileSync(file, randomBytes(5 * 1024 * 1024));
}, 60_000);
afterAll(() => server?.stop());

/** Sends the 5 MiB file on a pty with `extra` in the environment; returns everything the terminal showed. */
async function sendOnTerminal(extra: Record<string, string>): Promise<string> {
  const session = onPty(["send", file], { ...env, ...extra });
  expect(await session.exited).toBe(0);
  expect(session.output()).toContain(`${server.origin}/n/`);
  return session.output();
}

describe("progress while sending a 5 MiB note", () => {
  it("is a line redrawn in place on a terminal, with speed, erased at the end", async () => {
    const shown = await sendOnTerminal({});
    expect(shown).toMatch(/\rUploading \d+\.\d \/ 5\.0 MiB \(\d+%\)/);
    expect(shown).toMatch(new RegExp(`\\(100%\\)(, \\d+\\.\\d MiB/s)?\\${ESC}\\[K`));
    expect(shown).toContain(`\r${ESC}[K`);
  });

  it("still redraws when NO_COLOR is set but empty (the convention counts only non-empty values)", async () => {
    expect(await sendOnTerminal({ NO_COLOR: "" })).toContain(`\rUploading`);
  });

  it.each([
    ["NO_COLOR=1", { NO_COLOR: "1" }],
    ["TERM=dumb", { TERM: "dumb" }],
  ])("is plain lines with %s, without a single escape sequence or carriage return", async (_, extra) => {
    const shown = await sendOnTerminal(extra);
    expect(shown).toMatch(/(^|\n)Uploading [\d.]+ \/ 5\.0 MiB \(100%\)[^\n]*\r?\n/);
    expect(shown).not.toContain(ESC);
    expect(shown).not.toMatch(/\r(?!\n)/);
  });

  it("is a few plain lines when stderr is a pipe, for reading too, and none with --quiet", async () => {
    const sent = await runCli(["send", file], { env });
    expect(sent.code).toBe(0);
    const lines = sent.stderr.split("\n").filter((line) => line.startsWith("Uploading"));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(4);
    expect(lines.at(-1)).toMatch(/^Uploading 5\.0 \/ 5\.0 MiB \(100%\)(, \d+\.\d MiB\/s)?$/);
    expect(sent.stderr).not.toContain(ESC);
    const out = mkdtempSync(join(tmpdir(), "hushnote-progress-out-"));
    const read = await runCli(["read", sent.stdout.trim()], { env, cwd: out });
    expect(read.stderr).toMatch(/\nDownloading 5\.0 \/ 5\.0 MiB \(100%\)/);
    const quiet = await runCli(["send", "--quiet", file], { env });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toContain("Uploading");
  });
});
