/** Secrets stay out of sight: no echo on the terminal, nothing in any process's argv (what `ps` shows every user). */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../browser/server";
import { build, cliEnv, hangingServer, processTreeArgv, runCli, startCli } from "./helpers";
import { onPty } from "./pty";

let server: TestServer;
let env: Record<string, string>;
const PASSWORD = "tr0ub4dor&3-prompted";

beforeAll(async () => {
  build();
  server = await startServer();
  env = cliEnv(server.origin);
}, 60_000);
afterAll(() => server?.stop());

describe("password prompt on a terminal", () => {
  it("asks twice without echo on send, and read asks again (re-asking after a typo)", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "hushnote-pty-")), "note.txt");
    writeFileSync(file, "typed on a terminal\n");
    const sending = onPty(["send", file, "--password"], env);
    await sending.waitFor("Password for the note: ");
    sending.type(PASSWORD);
    await sending.waitFor("Repeat it: ");
    sending.type(PASSWORD);
    expect(await sending.exited).toBe(0);
    expect(sending.output()).not.toContain(PASSWORD);
    const link = /(http\S+\/n\/\S+)/.exec(sending.output())?.[1] as string;
    expect(link).toMatch(/#/);

    const out = mkdtempSync(join(tmpdir(), "hushnote-pty-out-"));
    const reading = onPty(["read", link], env, out);
    await reading.waitFor("Password: ");
    reading.type("not it");
    // Type only once the prompt is back: keys typed before it would be echoed by the terminal, as for any program.
    await reading.waitFor("Password: ", 2);
    expect(reading.output()).toContain("9 tries left");
    reading.type(PASSWORD);
    expect(await reading.exited).toBe(0);
    expect(reading.output()).toContain("Saved note.txt");
    expect(reading.output()).not.toContain(PASSWORD);
    expect(reading.output()).not.toContain("not it");
  });
});

describe("no secret in process listings", () => {
  /** Starts the CLI against a server that never answers, waits for its first request, then reads every argv. */
  async function argvWhileRunning(
    start: (origin: string) => { pid: number; kill: () => void; typed?: Promise<void> },
  ): Promise<string[]> {
    const hang = await hangingServer();
    const cli = start(hang.origin);
    try {
      await cli.typed;
      await hang.requested;
      return processTreeArgv(cli.pid);
    } finally {
      cli.kill();
      hang.server.close();
    }
  }

  const direct =
    (args: string[], extra: Record<string, string>, input = (_origin: string) => "a secret body") =>
    (origin: string) => {
      const child = startCli(args, { env: { ...env, HUSHNOTE_SERVER: origin, ...extra } });
      child.stdin!.end(input(origin));
      return { pid: child.pid as number, kill: () => child.kill("SIGKILL") };
    };

  it("keeps HUSHNOTE_PASSWORD out of argv", async () => {
    const argv = await argvWhileRunning(direct(["send", "--password"], { HUSHNOTE_PASSWORD: PASSWORD }));
    expect(argv.some((a) => a.includes("hushnote.mjs send"))).toBe(true);
    expect(argv.join("\n")).not.toContain(PASSWORD);
  });

  it("keeps a --password-file's contents out of argv", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "hushnote-pwfile-")), "pw");
    writeFileSync(file, `${PASSWORD}\n`);
    const argv = await argvWhileRunning(direct(["send", "--password-file", file], {}));
    expect(argv.some((a) => a.includes(`--password-file ${file}`))).toBe(true);
    expect(argv.join("\n")).not.toContain(PASSWORD);
  });

  it("keeps a prompted password out of argv", async () => {
    const argv = await argvWhileRunning((origin) => {
      const session = onPty(["send", "/etc/hostname", "--password"], { ...env, HUSHNOTE_SERVER: origin });
      const typed = (async () => {
        await session.waitFor("Password for the note: ");
        session.type(PASSWORD);
        await session.waitFor("Repeat it: ");
        session.type(PASSWORD);
      })();
      return { pid: session.child.pid as number, typed, kill: () => session.child.kill("SIGKILL") };
    });
    expect(argv.some((a) => a.includes("hushnote.mjs send /etc/hostname --password"))).toBe(true);
    expect(argv.join("\n")).not.toContain(PASSWORD);
  });

  it("keeps a link's key out of argv when the link comes on stdin (and the check sees it when it is an argument)", async () => {
    const link = (await runCli(["send"], { env, input: "by link" })).stdout.trim();
    const key = link.split("#")[1] as string;
    // The control: a link given as an argument is visible to everyone, which is why read accepts "-".
    const visible = await argvWhileRunning((origin) =>
      direct(["read", link.replace(server.origin, origin)], {})(origin),
    );
    expect(visible.join("\n")).toContain(key);
    const argv = await argvWhileRunning(
      direct(["read", "-"], {}, (origin) => `${link.replace(server.origin, origin)}\n`),
    );
    expect(argv.some((a) => a.includes("hushnote.mjs read -"))).toBe(true);
    expect(argv.join("\n")).not.toContain(key);
  });
});
