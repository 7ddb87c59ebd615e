/**
 * Attachments land as new files under names the reader's system treats as plain files: the sender chooses names,
 * so no name may overwrite, follow a planted symlink, hide its extension, or open a Windows device.
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { send } from "../../cli/src/sdk";
import { startServer, type TestServer } from "../browser/server";
import { build, cliEnv, runCli } from "./helpers";

let server: TestServer;
let env: Record<string, string>;

beforeAll(async () => {
  build();
  server = await startServer();
  env = cliEnv(server.origin);
}, 60_000);
afterAll(() => server?.stop());

const bytesOf = (s: string) => new TextEncoder().encode(s);
const sendFiles = async (names: string[]) =>
  (
    await send({
      server: server.origin,
      files: names.map((name) => ({ name, bytes: bytesOf(`contents of ${name}`) })),
      views: 3,
    })
  ).link;
/** A fresh directory inside a fresh parent, so planted links can point just outside it. */
function workDir(): { parent: string; dir: string } {
  const parent = mkdtempSync(join(tmpdir(), "hushnote-files-"));
  const dir = join(parent, "downloads");
  mkdirSync(dir);
  return { parent, dir };
}

describe("attachments are always new files", () => {
  it("never follows a symlink planted at the attachment's name, existing or dangling", async () => {
    const { parent, dir } = workDir();
    writeFileSync(join(parent, "victim.txt"), "mine");
    symlinkSync(join(parent, "victim.txt"), join(dir, "key.bin"));
    symlinkSync(join(parent, "planted"), join(dir, "other.bin"));
    const result = await runCli(["read", await sendFiles(["key.bin", "other.bin"])], { env, cwd: dir });
    expect(result.code).toBe(0);
    expect(readFileSync(join(parent, "victim.txt"), "utf8")).toBe("mine");
    expect(existsSync(join(parent, "planted"))).toBe(false);
    expect(lstatSync(join(dir, "key.bin")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "key (1).bin"), "utf8")).toBe("contents of key.bin");
    expect(readFileSync(join(dir, "other (1).bin"), "utf8")).toBe("contents of other.bin");
  });

  it("does not let --force overwrite the reader's files with the sender's names", async () => {
    const { dir } = workDir();
    writeFileSync(join(dir, ".bashrc"), "my shell");
    writeFileSync(join(dir, "bashrc"), "also mine");
    const result = await runCli(["read", await sendFiles([".bashrc"]), "--force"], { env, cwd: dir });
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, ".bashrc"), "utf8")).toBe("my shell");
    expect(readFileSync(join(dir, "bashrc"), "utf8")).toBe("also mine");
    expect(readFileSync(join(dir, "bashrc (1)"), "utf8")).toBe("contents of .bashrc");
    expect(result.stderr).toContain("Saved bashrc (1)");
  });

  it("also into an -o directory with --force", async () => {
    const { dir } = workDir();
    writeFileSync(join(dir, "notes.txt"), "mine");
    const result = await runCli(["read", await sendFiles(["notes.txt", "b.txt"]), "-o", dir, "--force"], { env });
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine");
    expect(readFileSync(join(dir, "notes (1).txt"), "utf8")).toBe("contents of notes.txt");
  });
});

describe("attachment names", () => {
  it("drop bidi, zero-width and C1 characters, separators and Windows device names", async () => {
    const { dir } = workDir();
    const names = [
      "invoice\u202Egpj.exe",
      "pass\u200Bwords\uFEFF.txt",
      "c1\u0085\u009Bname.txt",
      "CON.txt",
      "lpt1",
      "..\\..\\evil.sh",
      "trailing. . ",
    ];
    const result = await runCli(["read", await sendFiles(names)], { env, cwd: dir });
    expect(result.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([
      "_.._evil.sh",
      "_CON.txt",
      "_lpt1",
      "c1name.txt",
      "invoicegpj.exe",
      "passwords.txt",
      "trailing",
    ]);
    expect(result.stderr).not.toMatch(/[\u0085\u009B\u200B\u202E\uFEFF]/);
  });
});
