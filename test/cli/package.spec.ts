/**
 * The npm package as a user gets it: `npm pack` in cli/, installed from the tarball into a fresh prefix (the command)
 * and into a fresh project (the SDK), used from directories outside the repository so nothing resolves from the clone.
 */
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../browser/server";
import { build, cliEnv, collect, type Result } from "./helpers";
import { CONSUMER_TS, consumerTsconfig, SDK_ROUND_TRIP } from "./package-consumer";

const { version } = JSON.parse(readFileSync("cli/package.json", "utf8")) as { version: string };
const TSC = resolve("node_modules/typescript/bin/tsc");
let server: TestServer;
let work: string;
let tarball: string;
let prefix: string;
let project: string;

/** Runs a program with the runner's npm_* settings removed (`npm test` exports them) and this Node first on PATH. */
function run(file: string, args: string[], cwd: string, extra: Record<string, string> = {}): string {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  const env = { ...base, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH}`, ...extra };
  return execFileSync(file, args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** npm with a throwaway cache; --offline where it installs: the package has no dependencies to fetch. */
const npm = (args: string[], cwd: string) =>
  run("npm", [...args, "--cache", join(work, "npm-cache"), "--no-audit", "--no-fund", "--no-update-notifier"], cwd);

/** Runs the installed `hushnote` by its path (its `#!/usr/bin/env node` finds this Node) from outside the repo. */
function installed(args: string[], input?: string): Promise<Result> {
  const env = { ...cliEnv(server.origin), PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH}` };
  const child = spawn(join(prefix, "bin", "hushnote"), args, { cwd: work, env, stdio: ["pipe", "pipe", "pipe"] });
  return collect(child, input, 30_000);
}

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

beforeAll(async () => {
  build();
  work = mkdtempSync(join(tmpdir(), "hushnote-package-"));
  // --json: the file name without parsing npm's notices; prepack builds the bundles and types inside cli/.
  const [{ filename }] = JSON.parse(npm(["pack", "--json", "--pack-destination", work], resolve("cli"))) as [
    { filename: string },
  ];
  tarball = join(work, filename);
  prefix = join(work, "prefix");
  npm(["install", "--global", "--offline", "--prefix", prefix, tarball], work);
  project = join(work, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  npm(["install", "--offline", tarball], project);
  server = await startServer();
}, 120_000);
afterAll(async () => {
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("npm pack in cli/", () => {
  it(`makes hushnote-${version}.tgz holding package.json, the two bundles and the SDK's declarations only`, () => {
    expect(tarball).toBe(join(work, `hushnote-${version}.tgz`));
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).trim().split("\n");
    expect(files).toEqual(
      expect.arrayContaining([
        "package/package.json",
        "package/dist/hushnote.mjs",
        "package/dist/sdk.mjs",
        "package/dist/types/cli/src/sdk.d.ts",
      ]),
    );
    expect(files.filter((f) => !/^package\/dist\/types\/.+\.d\.ts$/.test(f)).sort()).toEqual([
      "package/dist/hushnote.mjs",
      "package/dist/sdk.mjs",
      "package/package.json",
    ]);
  });

  it("ships the same bytes a build from the repository root makes (reproducible from any directory)", () => {
    const unpacked = join(work, "unpacked");
    mkdirSync(unpacked);
    execFileSync("tar", ["-xzf", tarball, "-C", unpacked]);
    build();
    for (const bundle of ["hushnote.mjs", "sdk.mjs"])
      expect(sha256(join(unpacked, "package/dist", bundle))).toBe(sha256(join("cli/dist", bundle)));
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

describe('import { send, read } from "hushnote" in a project that installed the tarball', () => {
  it("round-trips a note in plain Node ESM", () => {
    const out = run(process.execPath, ["--input-type=module", "-e", SDK_ROUND_TRIP], project, {
      SERVER: server.origin,
    });
    expect(JSON.parse(out)).toEqual({ text: "from the SDK ✓", viewsLeft: 0, again: "gone" });
  });

  it.each([
    ["strictly, declarations included, with the DOM library", { dom: true, skipLibCheck: false }],
    ["as a Node project without the DOM library (skipLibCheck)", { dom: false, skipLibCheck: true }],
  ])("typechecks %s, and the types refuse a wrong call", (_, options) => {
    writeFileSync(join(project, "consumer.ts"), CONSUMER_TS);
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify(consumerTsconfig(options)));
    // A type that resolved to `any` would leave the @ts-expect-error unused: tsc fails on that too.
    expect(() => run(process.execPath, [TSC, "-p", project], project)).not.toThrow();
  });
});
