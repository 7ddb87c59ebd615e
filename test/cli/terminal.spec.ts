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
  it("is a line redrawn in place on a terminal", async () => {
    const shown = await sendOnTerminal({});
    expect(shown).toMatch(/\rUploading \d+\.\d \/ \d+\.\d MiB \(\d+%\)/);
    expect(shown).toContain(`(100%)${ESC}[K`);
  });

  it("still shows when NO_COLOR is set but empty (the convention counts only non-empty values)", async () => {
    expect(await sendOnTerminal({ NO_COLOR: "" })).toContain("Uploading");
  });

  it.each([
    ["NO_COLOR=1", { NO_COLOR: "1" }],
    ["TERM=dumb", { TERM: "dumb" }],
  ])("is absent with %s, and so is every escape sequence", async (_, extra) => {
    const shown = await sendOnTerminal(extra);
    expect(shown).not.toContain("Uploading");
    expect(shown).not.toContain(ESC);
  });

  it("is absent when stderr is a pipe", async () => {
    const result = await runCli(["send", file], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain("Uploading");
    expect(result.stderr).not.toContain(ESC);
  });
});
