/**
 * Secret requests from the command line against the real Worker: request → respond → read, the answer opened exactly
 * once, --wait, a second answer and an expired request refused, and a server that swaps the asker's key caught by
 * `respond` before anything is sent.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { newRequest } from "../../crypto/index";
import { startServer, type TestServer } from "../browser/server";
import { build, cliEnv, collect, runCli, startCli } from "./helpers";
import { type SwapProxy, swapProxy } from "./swap-proxy";

// A one-minute choice, so that the expiry tests need not wait long.
const VARS = { EXPIRY_CHOICES: "60,3600,86400", DEFAULT_TTL: "86400" };
const LINK = "[A-Za-z0-9_-]";
let server: TestServer;
let proxy: SwapProxy;
let env: Record<string, string>;
let dir: string;
let expiring: { request: string; private: string; expiresAt: number }[];

const cli = (args: string[], input?: string) => runCli(args, { env, input, cwd: dir });
/** `hushnote request --json …`: the request link, the private link, the expiry. */
async function ask(args: string[] = []) {
  const made = await cli(["request", "--json", ...args]);
  expect(made.code, made.stderr).toBe(0);
  return JSON.parse(made.stdout) as { request: string; private: string; expiresAt: number; answers: number };
}

beforeAll(async () => {
  build();
  server = await startServer(VARS);
  env = cliEnv(server.origin);
  dir = mkdtempSync(join(tmpdir(), "hushnote-requests-"));
  proxy = await swapProxy(server.origin, toBase64Url((await newRequest()).Q));
  // Made first, so that they have expired by the time the last tests run.
  expiring = [await ask(["--ttl", "60s"]), await ask(["--ttl", "60s"])];
}, 60_000);
afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
});

describe("hushnote request → respond → read", () => {
  it("prints the request link on stdout and the private link on stderr; the answer from a file opens once", async () => {
    const made = await cli(["request", "--note", "the staging DB password, please"]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(new RegExp(`^${server.origin}/r/${LINK}{22}#${LINK}{43}\\.${LINK}{43}\\n$`));
    const privateLink = new RegExp(
      `Private link \\(keep it; it alone opens the answer\\): (${server.origin}/q/${LINK}{22}#${LINK}{171})`,
    ).exec(made.stderr)?.[1];
    expect(privateLink).toBeDefined();
    const file = join(dir, "secret.txt");
    writeFileSync(file, "hunter2 — ünïcode ✓\n");
    const answered = await cli(["respond", made.stdout.trim(), file]);
    expect(answered.code, answered.stderr).toBe(0);
    expect(answered.stderr).toContain("The request says: the staging DB password, please");
    expect(answered.stderr).toContain("Only the asker's private link opens it, once");
    const opened = await cli(["read", privateLink!]);
    expect([opened.code, opened.stdout]).toEqual([0, "hunter2 — ünïcode ✓\n"]);
    expect(opened.stderr).toContain("That was the last view: the note is now destroyed.");
    const again = await cli(["read", privateLink!]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/the answer has already been opened, or has expired: it is gone/);
  });

  it("answers from stdin, and reads a private link given on stdin", async () => {
    const made = await ask();
    expect((await cli(["respond", made.request, "-"], "from stdin")).code).toBe(0);
    const opened = await cli(["read", "-"], `${made.private}\n`);
    expect([opened.code, opened.stdout]).toEqual([0, "from stdin"]);
  });

  it("says a request has no answer yet (exit 6), and with --wait waits for it", async () => {
    const made = await ask();
    const early = await cli(["read", made.private]);
    expect([early.code, early.stderr]).toEqual([6, "hushnote: this request has not been answered yet\n"]);
    const reader = startCli(["read", made.private, "--wait"], { env, cwd: dir });
    const waited = collect(reader, undefined, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await cli(["respond", made.request], "worth the wait")).code).toBe(0);
    const opened = await waited;
    expect([opened.code, opened.stdout]).toEqual([0, "worth the wait"]);
    expect(opened.stderr).toContain("Waiting for the answer");
  });

  it("takes as many answers as asked for, each opened once, in order", async () => {
    const made = await ask(["--answers", "2"]);
    expect((await cli(["respond", made.request], "first")).code).toBe(0);
    expect((await cli(["respond", made.request], "second")).code).toBe(0);
    const first = await cli(["read", made.private]);
    expect([first.code, first.stdout]).toEqual([0, "first"]);
    expect(first.stderr).toContain("1 more answer to open");
    expect((await cli(["read", made.private])).stdout).toBe("second");
    expect((await cli(["read", made.private])).code).toBe(2);
  });

  it("refuses a second answer with a clear message (exit 2), and the first answer stays", async () => {
    const made = await ask();
    expect((await cli(["respond", made.request], "the one")).code).toBe(0);
    const second = await cli(["respond", made.request], "another");
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/has already been answered; nothing was sent/);
    expect((await cli(["read", made.private])).stdout).toBe("the one");
  });

  it("catches a server that swaps the asker's key before anything is sent (exit 4)", async () => {
    const made = await ask();
    const swapped = await cli(["respond", made.request.replace(server.origin, proxy.origin)], "for the asker only");
    expect(swapped.code).toBe(4);
    expect(swapped.stderr).toMatch(/the server's key for this request is not the asker's.*nothing was sent/);
    expect(proxy.seen.filter((s) => !s.startsWith("GET "))).toEqual([]);
    // The request itself is intact: the honest server takes the answer.
    expect((await cli(["respond", made.request], "for the asker only")).code).toBe(0);
    expect((await cli(["read", made.private])).stdout).toBe("for the asker only");
  });

  it("refuses to answer an expired request, and says an unanswered expired request is gone", async () => {
    const [unanswerable, unanswered] = expiring;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, unanswerable!.expiresAt + 1000 - Date.now())));
    const late = await cli(["respond", unanswerable!.request], "too late");
    expect(late.code).toBe(2);
    expect(late.stderr).toMatch(/does not exist, has expired, was withdrawn or has already been answered/);
    const nothing = await cli(["read", unanswered!.private, "--wait"]);
    expect(nothing.code).toBe(2);
  }, 120_000);

  it("refuses usage mistakes with exit 1", async () => {
    expect((await cli(["request", "--ttl", "2h"])).stderr).toMatch(/the ttl must be one of 1 min, 1 h, 1 d/);
    expect((await cli(["request", "--answers", "0"])).code).toBe(1);
    expect((await cli(["respond"])).code).toBe(1);
    expect((await cli(["respond", "-"], "x")).code).toBe(1);
    expect((await cli(["respond", `${server.origin}/r/${"A".repeat(22)}#short`], "x")).code).toBe(1);
  });
});
