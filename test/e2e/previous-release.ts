/** A past release of hushnote, checked out of git into a temporary directory and built, and its crypto module. */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

export const REPO = resolve(fileURLToPath(import.meta.url), "../../..");

/** A release's source tree, built the way `npm run build` builds it, ready for `wrangler`. */
export interface ReleaseTree {
  dir: string;
  config: string;
}

const git = (args: string[]) => execFileSync("git", args, { cwd: REPO, maxBuffer: 512 * 1024 * 1024 });

/** Fails, saying how to fix it, when this clone lacks `commit` (CI's shallow clones do). */
export function requireCommit(commit: string): void {
  try {
    execFileSync("git", ["cat-file", "-e", `${commit}^{commit}`], { cwd: REPO, stdio: "ignore" });
  } catch {
    throw new Error(
      `The previous release ${commit} is not in this clone (a shallow clone?). The upgrade test needs it: run ` +
        `\`git fetch --depth=1 origin ${commit}\` (or \`git fetch --unshallow\`); in CI, check out with full history ` +
        "(actions/checkout: fetch-depth: 0).",
    );
  }
}

/** `git archive <commit>` into `parent`, with this checkout's node_modules, and its pages built (its Worker imports them). */
export function materialise(commit: string, parent: string): ReleaseTree {
  requireCommit(commit);
  const dir = mkdtempSync(join(parent, "release-"));
  execFileSync("tar", ["-x", "-C", dir], { input: git(["archive", "--format=tar", commit]) });
  // Fits while the release pins the same tools as this tree; one with other dependencies needs its own `npm ci`.
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"), "dir");
  if (existsSync(join(dir, "scripts/build.mjs"))) {
    try {
      execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: dir, stdio: "pipe" });
    } catch (error) {
      throw new Error(`Building ${commit}'s pages failed:\n${(error as { stderr?: Buffer }).stderr ?? error}`);
    }
  }
  return { dir, config: join(dir, "wrangler.toml") };
}

/** A payload as every release so far encodes it. */
export interface Payload {
  text: string;
  tabs: { title: string; text: string }[];
  files: { name: string; type: string; bytes: Uint8Array }[];
}

/** The part of a release's crypto module the writer uses (format v1's seal/unlock/decrypt/reseal). */
export interface ReleaseCrypto {
  generateNoteId(): string;
  seal(
    payload: Payload,
    opts: {
      kind: "note" | "pad";
      id: string;
      views: number | null;
      ttl: number | null;
      linkKey?: Uint8Array | null;
      password?: string | null;
      iterations?: number;
    },
  ): Promise<{
    header: string;
    wrappedKey: string;
    verifier: string;
    proof: string;
    body: Uint8Array;
    linkKey: Uint8Array | null;
  }>;
  unlock(
    header: string,
    secrets: { linkKey?: Uint8Array | null; password?: string | null },
  ): Promise<{ proof: string }>;
  decrypt(unlocked: { proof: string }, wrappedKey: string, body: Uint8Array): Promise<Payload>;
  reseal(unlocked: { proof: string }, wrappedKey: string, payload: Payload): Promise<Uint8Array>;
}

/** Bundles the release's own crypto module (static/crypto until 5da3d62, crypto/ after) and imports it. */
export async function importReleaseCrypto(tree: ReleaseTree): Promise<ReleaseCrypto> {
  const entry = ["crypto/index.ts", "static/crypto/index.ts"].map((p) => join(tree.dir, p)).find((p) => existsSync(p));
  if (!entry) throw new Error(`No crypto module in ${tree.dir}`);
  const outfile = join(tree.dir, "release-crypto.mjs");
  await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "neutral",
    outfile,
    logLevel: "warning",
  });
  return import(/* @vite-ignore */ pathToFileURL(outfile).href);
}
