/** Runs the CLI on a pseudo-terminal (util-linux `script`), answering prompts like a person at the keyboard. */
import { type ChildProcess, spawn } from "node:child_process";
import { CLI } from "./helpers";

export interface PtySession {
  child: ChildProcess;
  /** Everything the terminal showed so far (stdout, stderr and any echo share the pty). */
  output(): string;
  /** Resolves once `text` has appeared on the terminal `times` times (a prompt shown again counts again). */
  waitFor(text: string, times?: number): Promise<void>;
  /** Types `text` and Enter. */
  type(text: string): void;
  exited: Promise<number | null>;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Starts `hushnote args…` with its controlling terminal on a fresh pty. */
export function onPty(args: string[], env: Record<string, string>, cwd?: string): PtySession {
  const command = [process.execPath, CLI, ...args].map(quote).join(" ");
  // -e: return the child's exit code; -f: flush output at once so prompts are seen promptly.
  const child = spawn("script", ["-qfec", command, "/dev/null"], { env, cwd, stdio: ["pipe", "pipe", "pipe"] });
  let text = "";
  const waiters: { seen: () => boolean; resolve: () => void }[] = [];
  const count = (wanted: string) => text.split(wanted).length - 1;
  child.stdout!.on("data", (d: Buffer) => {
    text += d.toString("utf8");
    for (const w of waiters.filter((w) => w.seen())) w.resolve();
  });
  child.stderr!.on("data", (d: Buffer) => (text += d.toString("utf8")));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return {
    child,
    output: () => text,
    waitFor(wanted, times = 1) {
      const seen = () => count(wanted) >= times;
      if (seen()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`"${wanted}" never appeared ${times}×; terminal showed: ${JSON.stringify(text)}`)),
          20_000,
        );
        waiters.push({
          seen,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    type: (s) => void child.stdin!.write(`${s}\r`),
    exited,
  };
}
