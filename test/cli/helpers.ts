/** Runs the built `hushnote` command as a child process, the way a user or a script does. */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const CLI = resolve("cli/hushnote.mjs");

/** Builds cli/dist from the current sources, so tests never run a stale bundle. */
export const build = () => execFileSync(process.execPath, ["cli/build.mjs"], { stdio: "inherit" });

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
}
export interface RunOptions {
  env?: Record<string, string>;
  input?: string | Buffer;
  cwd?: string;
  timeoutMs?: number;
}

/** A fresh state directory per test file, so `pad put` never sees another run's remembered versions. */
export function cliEnv(server: string, extra: Record<string, string> = {}): Record<string, string> {
  const { HUSHNOTE_PASSWORD: _p, HUSHNOTE_SERVER: _s, ...base } = process.env as Record<string, string>;
  return { ...base, HUSHNOTE_SERVER: server, XDG_STATE_HOME: mkdtempSync(join(tmpdir(), "hushnote-state-")), ...extra };
}

/** Spawns the CLI with piped stdio and waits for it to exit. */
export function startCli(args: string[], opts: RunOptions & { env: Record<string, string> }): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd, env: opts.env, stdio: ["pipe", "pipe", "pipe"] });
}

/** Runs the CLI to completion; `input` (or nothing) is its stdin. */
export function runCli(args: string[], opts: RunOptions & { env: Record<string, string> }): Promise<Result> {
  const child = startCli(args, opts);
  return collect(child, opts.input, opts.timeoutMs ?? 30_000);
}

/** Feeds stdin, gathers stdout and stderr, resolves on exit (kills and rejects after the timeout). */
export function collect(child: ChildProcess, input: string | Buffer | undefined, timeoutMs: number): Promise<Result> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on("data", (d: Buffer) => out.push(d));
  child.stderr!.on("data", (d: Buffer) => err.push(d));
  child.stdin!.end(input ?? "");
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`hushnote timed out; stderr: ${Buffer.concat(err)}`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      const stdoutBytes = Buffer.concat(out);
      resolve({ code, stdout: stdoutBytes.toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), stdoutBytes });
    });
  });
}

/** The command lines (argv, NUL-joined as in /proc) of `pid` and all its descendants: what `ps` shows everyone. */
export function processTreeArgv(pid: number): string[] {
  const lines: string[] = [];
  const visit = (p: number) => {
    try {
      lines.push(readFileSync(`/proc/${p}/cmdline`, "utf8").split("\0").join(" "));
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const children = readFileSync(`/proc/${p}/task/${task}/children`, "utf8").trim();
        for (const child of children ? children.split(/\s+/) : []) visit(Number(child));
      }
    } catch {
      // The process exited between listing and reading.
    }
  };
  visit(pid);
  return lines;
}

/** A loopback port with nothing listening on it (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** A server that accepts connections and never answers: keeps the CLI alive mid-request for inspection. */
export async function hangingServer(): Promise<{ origin: string; requested: Promise<void>; server: Server }> {
  let hit!: () => void;
  const requested = new Promise<void>((r) => (hit = r));
  const server = createServer((socket) => socket.once("data", () => hit()));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`, requested, server };
}
