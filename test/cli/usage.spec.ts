/** What a person or a script sees when they ask for help or the version, or get the command line wrong. */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { build, cliEnv, runCli } from "./helpers";

// No request is ever made here; a closed port makes sure a mistake would fail rather than reach something.
const env = cliEnv("http://127.0.0.1:9");
const run = (args: string[]) => runCli(args, { env });
const { version } = JSON.parse(readFileSync("cli/package.json", "utf8")) as { version: string };

beforeAll(() => build(), 60_000);

describe("hushnote --version", () => {
  it("prints cli/package.json's version, inlined into the bundle, on stdout", async () => {
    for (const flag of ["--version", "-V"]) {
      expect(await run([flag])).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: "" });
    }
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe("help", () => {
  it("goes to stdout with exit 0 when asked for", async () => {
    for (const args of [["--help"], ["-h"], ["help"]]) {
      const result = await run(args);
      expect([args, result.code, result.stderr]).toEqual([args, 0, ""]);
      expect(result.stdout).toContain("Usage:");
    }
  });

  it("goes to stderr with exit 1 when no command is given", async () => {
    const result = await run([]);
    expect([result.code, result.stdout]).toEqual([1, ""]);
    expect(result.stderr).toContain("Usage:");
  });
});

describe("usage errors", () => {
  it("name an unknown command or option and point at --help, on stderr with exit 1", async () => {
    expect(await run(["frobnicate"])).toMatchObject({
      code: 1,
      stdout: "",
      stderr: 'hushnote: unknown command "frobnicate"; see hushnote --help\n',
    });
    expect(await run(["--frobnicate"])).toMatchObject({
      code: 1,
      stdout: "",
      stderr: 'hushnote: unknown option "--frobnicate"; see hushnote --help\n',
    });
  });

  it("point at the command's own help for a bad option, a missing value or an extra argument", async () => {
    const cases: [string[], RegExp][] = [
      [["send", "--frobnicate"], /^hushnote: unknown option '--frobnicate' .*; see hushnote send --help\n$/],
      [["send", "--ttl"], /^hushnote: option '--ttl <value>' argument missing; see hushnote send --help\n$/],
      [["read", "one", "two"], /^hushnote: unexpected argument: two; see hushnote read --help\n$/],
    ];
    for (const [args, stderr] of cases) {
      const result = await run(args);
      expect([args, result.code, result.stdout]).toEqual([args, 1, ""]);
      expect(result.stderr).toMatch(stderr);
    }
  });
});
