/**
 * The npm package as a user gets it: `npm pack` in cli/, installed from the tarball into a fresh prefix, run from a
 * directory outside the repository so nothing can resolve from the clone.
 */
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../browser/server";
import { build, cliEnv, collect, type Result } from "./helpers";

const { version } = JSON.parse(readFileSync("cli/package.json", "utf8")) as { version: string };
let server: TestServer;
let work: string;
let tarball: string;
let prefix: string;

/** npm with the runner's own npm_* settings removed (`npm test` exports them) and a throwaway cache. */
function npm(args: string[], cwd: string): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  const flags = ["--cache", join(work, "npm-cache"), "--no-audit", "--no-fund", "--no-update-notifier"];
  return execFileSync("npm", [...args, ...flags], { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** Runs an installed `hushnote` by its path (its `#!/usr/bin/env node` finds this Node) from outside the repo. */
function installed(args: string[], input?: string, extra: Record<string, string> = {}): Promise<Result> {
  const env = { ...cliEnv(server.origin), PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH}`, ...extra };
  const child = spawn(join(prefix, "bin", "hushnote"), args, { cwd: work, env, stdio: ["pipe", "pipe", "pipe"] });
  return collect(child, input, 30_000);
}

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

beforeAll(async () => {
  build();
  work = mkdtempSync(join(tmpdir(), "hushnote-package-"));
  // --json: the file name without parsing npm's notices; prepack builds the bundle (and types) inside cli/.
  const [packed] = JSON.parse(npm(["pack", "--json", "--pack-destination", work], resolve("cli"))) as { filename: string }[];
  tarball = join(work, packed!.filename);
  prefix = join(work, "prefix");
  // --offline: the package has no dependencies, so installing it must not need the registry.
  npm(["install", "--global", "--offline", "--prefix", prefix, tarball], work);
  server = await startServer();
}, 120_000);
afterAll(async () => {
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("npm pack in cli/", () => {
  it(`makes hushnote-${version}.tgz holding the bundles and package.json only`, () => {
    expect(tarball).toBe(join(work, `hushnote-${version}.tgz`));
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).trim().split("\n").sort();
    expect(files).toEqual(["package/dist/hushnote.mjs", "package/package.json"]);
  });

  it("ships the same bytes a build from the repository root makes (reproducible from any directory)", () => {
    const unpacked = join(work, "unpacked");
    mkdirSync(unpacked);
    execFileSync("tar", ["-xzf", tarball, "-C", unpacked]);
    build();
    expect(sha256(join(unpacked, "package/dist/hushnote.mjs"))).toBe(sha256("cli/dist/hushnote.mjs"));
  });
});

describe("npm install --global of the tarball", () => {
  it("installs the package alone: no dependencies, nothing under its node_modules", () => {
    const root = join(prefix, "lib", "node_modules", "hushnote");
    const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(manifest).toMatchObject({ name: "hushnote", version, bin: { hushnote: "dist/hushnote.mjs" } });
    expect(manifest.dependencies).toBeUndefined();
    expect(existsSync(join(root, "node_modules"))).toBe(false);
  });

  it("puts a working hushnote on the PATH that prints its version", async () => {
    expect(await installed(["--version"])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it("round-trips a note against the Worker from outside the repository", async () => {
    const sent = await installed(["send", "--views", "1"], "from the packed CLI ✓\n");
    expect(sent.code).toBe(0);
    const link = sent.stdout.trim();
    expect(link).toMatch(new RegExp(`^${server.origin}/n/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$`));
    expect(await installed(["read", link])).toMatchObject({ code: 0, stdout: "from the packed CLI ✓\n" });
    expect((await installed(["read", link])).code).toBe(2);
  });
});
