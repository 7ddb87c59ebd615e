/** send → read round trips against a real Worker, and the exit codes scripts rely on. */

import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../browser/server";
import { build, cliEnv, closedPort, runCli } from "./helpers";

let server: TestServer;
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  build();
  server = await startServer();
  env = cliEnv(server.origin);
  dir = mkdtempSync(join(tmpdir(), "hushnote-cli-"));
}, 60_000);
afterAll(() => server?.stop());

const send = (args: string[], input?: string | Buffer, extra: Record<string, string> = {}) =>
  runCli(["send", ...args], { env: { ...env, ...extra }, input });
const read = (args: string[], extra: Record<string, string> = {}, cwd = dir) =>
  runCli(["read", ...args], { env: { ...env, ...extra }, cwd });

describe("hushnote send → read", () => {
  it("round-trips text from stdin: link on stdout, manage link on stderr, text back on stdout", async () => {
    const sent = await send([], "line one\nsecond line — ünïcode ✓\n");
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(new RegExp(`^${server.origin}/n/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}\\n$`));
    expect(sent.stderr).toMatch(
      new RegExp(`Manage link \\(keep it private\\): ${server.origin}/m/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}`),
    );
    const opened = await read([sent.stdout.trim()]);
    expect(opened.code).toBe(0);
    expect(opened.stdout).toBe("line one\nsecond line — ünïcode ✓\n");
    expect(opened.stderr).toContain("A one-time note");
  });

  it("round-trips a binary file byte for byte under its own name, and never overwrites it", async () => {
    const bytes = randomBytes(200_000);
    const source = join(mkdtempSync(join(tmpdir(), "hushnote-src-")), "key.bin");
    writeFileSync(source, bytes);
    const link = (await send([source, "--views", "2"])).stdout.trim();
    const out = mkdtempSync(join(tmpdir(), "hushnote-out-"));
    expect((await read([link], {}, out)).code).toBe(0);
    expect(readFileSync(join(out, "key.bin")).equals(bytes)).toBe(true);
    writeFileSync(join(out, "key.bin"), "mine");
    const again = await read([link], {}, out);
    expect(again.code).toBe(0);
    expect(readFileSync(join(out, "key.bin"), "utf8")).toBe("mine");
    expect(readFileSync(join(out, "key (1).bin")).equals(bytes)).toBe(true);
  });

  it("sends non-UTF-8 stdin as a file, so binary pipes survive", async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x41]);
    const link = (await send([], bytes)).stdout.trim();
    const opened = await read([link, "-o", "-"]);
    expect(opened.stdoutBytes.equals(bytes)).toBe(true);
  });

  it("opens a password note with HUSHNOTE_PASSWORD and refuses a wrong one with exit 3", async () => {
    const sent = await send(["--json", "--views", "3"], "behind a password", { HUSHNOTE_PASSWORD: "correct horse" });
    const { share } = JSON.parse(sent.stdout);
    expect((await read([share], { HUSHNOTE_PASSWORD: "wrong horse" })).code).toBe(3);
    const opened = await read([share], { HUSHNOTE_PASSWORD: "correct horse" });
    expect([opened.code, opened.stdout]).toEqual([0, "behind a password"]);
  });

  it("makes password-only links without a key (only the #v2 format marker), opened with --password-file", async () => {
    const pwFile = join(dir, "pw.txt");
    writeFileSync(pwFile, "only the password\n");
    const link = (await send(["--password-only", "--password-file", pwFile], "no key in the link")).stdout.trim();
    expect(link).toMatch(new RegExp(`^${server.origin}/n/[A-Za-z0-9_-]{22}#v2$`));
    const opened = await read([link, "--password-file", pwFile]);
    expect([opened.code, opened.stdout]).toEqual([0, "no key in the link"]);
  });

  it("writes to -o, and refuses an existing -o file without --force before consuming the view", async () => {
    const link = (await send([], "to a file")).stdout.trim();
    const target = join(dir, "exists.txt");
    writeFileSync(target, "keep me");
    expect((await read([link, "-o", target])).code).toBe(1);
    expect(readFileSync(target, "utf8")).toBe("keep me");
    expect((await read([link, "-o", target, "--force"])).code).toBe(0);
    expect(readFileSync(target, "utf8")).toBe("to a file");
  });
});

describe("hushnote send at the size limit", () => {
  // A 1 MiB instance: the rule is the same at 100 MiB, only slower to show.
  let small: TestServer;
  beforeAll(async () => {
    small = await startServer({ MAX_BODY_BYTES: "1048576" });
  }, 60_000);
  afterAll(() => small?.stop());

  /** Plaintext of a lone file named big.bin (docs/FORMAT.md §5): a 4-byte length, the manifest, the file. */
  const payloadSize = (n: number) =>
    4 +
    JSON.stringify({ text: "", tabs: [], files: [{ name: "big.bin", type: "application/octet-stream", size: n }] })
      .length +
    n;

  it("sends the largest file the server takes (maxBodyBytes plus 64 KiB of manifest room), refuses one byte more before uploading (exit 1)", async () => {
    const { maxBodyBytes } = (await (await fetch(`${small.origin}/api/config`)).json()) as { maxBodyBytes: number };
    expect(maxBodyBytes).toBe(1048576);
    let n = maxBodyBytes + 65536;
    while (payloadSize(n) > maxBodyBytes + 65536) n--;
    const file = join(dir, "big.bin");
    writeFileSync(file, randomBytes(n + 1));
    const over = await send([file, "--server", small.origin]);
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/too large: this server takes at most 1\.0 MiB per note \(this one is 1\.1 MiB\)/);
    writeFileSync(file, randomBytes(n));
    const fits = await send([file, "--server", small.origin]);
    expect(fits.code, fits.stderr).toBe(0);
    const out = mkdtempSync(join(tmpdir(), "hushnote-out-"));
    expect((await read([fits.stdout.trim()], {}, out)).code).toBe(0);
    expect(readFileSync(join(out, "big.bin")).length).toBe(n);
  });
});

describe("hushnote exit codes", () => {
  it("exits 2 for a note that is gone, after its one view", async () => {
    const link = (await send([], "once")).stdout.trim();
    expect((await read([link])).code).toBe(0);
    const gone = await read([link]);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toMatch(/does not exist, has expired or has been destroyed/);
  });

  it("exits 4 when the server cannot be reached", async () => {
    const result = await send(["--server", `http://127.0.0.1:${await closedPort()}`], "x");
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/could not reach/);
  });

  it("exits 1 for usage errors, naming the problem", async () => {
    expect((await runCli(["frobnicate"], { env })).code).toBe(1);
    expect((await send(["--views", "0"], "x")).code).toBe(1);
    expect((await send(["--ttl", "soon"], "x")).stderr).toMatch(/not a duration/);
    expect((await read(["https://example.com/x/y"])).code).toBe(1);
    expect((await send([], "")).stderr).toMatch(/nothing to send/);
  });

  it("prints help for every command with exit 0", async () => {
    for (const args of [
      ["--help"],
      ["send", "--help"],
      ["read", "-h"],
      ["status", "--help"],
      ["delete", "--help"],
      ["pad", "--help"],
    ]) {
      const result = await runCli(args, { env });
      expect([args, result.code, result.stdout]).toEqual([args, 0, expect.stringMatching(/^(Usage|hushnote)/)]);
    }
  });
});

describe("hushnote status / delete", () => {
  it("shows the receipt, deletes with the manage link (read from stdin), then reports gone", async () => {
    const { share, manage } = JSON.parse((await send(["--json", "--views", "2"], "managed")).stdout);
    expect((await read([share])).code).toBe(0);
    const status = await runCli(["status", "-"], { env, input: `${manage}\n` });
    expect(status.stdout).toMatch(/State: live[\s\S]*Views left: 1[\s\S]*created[\s\S]*opened/);
    const forged = manage.replace(/#(.)/, (_: string, c: string) => `#${c === "A" ? "B" : "A"}`);
    expect((await runCli(["delete", forged], { env })).code).toBe(3);
    expect((await runCli(["delete", "-"], { env, input: manage })).code).toBe(0);
    expect((await read([share])).code).toBe(2);
    expect((await runCli(["status", manage], { env })).stdout).toMatch(/State: destroyed \(deleted\)/);
    expect((await runCli(["delete", manage], { env })).code).toBe(2);
  });
});
