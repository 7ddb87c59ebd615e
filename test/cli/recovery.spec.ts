/**
 * The CLI against a real Worker whose answers get lost on the way back: the Worker did the work, the CLI never heard,
 * and its retry (same manageToken, grant or saveId) must end as if the first answer had arrived. With the server
 * down it ends with one sentence and exit 4, never a stack.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RecoveryProxy, startRecoveryProxy } from "../browser/recovery-proxy";
import { startServer, type TestServer } from "../browser/server";
import { build, cliEnv, closedPort, runCli } from "./helpers";

let server: TestServer;
let proxy: RecoveryProxy;
let env: Record<string, string>;
let padEnv: Record<string, string>;

beforeAll(async () => {
  build();
  server = await startServer();
  proxy = await startRecoveryProxy(server.origin);
  env = cliEnv(proxy.origin);
  padEnv = { ...env, HUSHNOTE_PASSWORD: "pad password" };
}, 60_000);
afterEach(() => {
  proxy.heal();
  proxy.passed.length = 0;
});
afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
});

const LINK = /^http:\/\/127\.0\.0\.1:\d+\/n\/[\w-]{22}#[\w-]{43}\n$/;

/** The route's requests as the proxy saw them: [what the Worker answered, what the CLI got]. */
const outcomes = (method: string, path: RegExp) =>
  proxy.passed.filter((p) => p.method === method && path.test(p.path)).map((p) => [p.workerStatus, p.clientGot]);

/** How many different idempotency keys the route's requests carried. */
/** The note's receipt events, read with `hushnote status` through the manage link `send` printed on stderr. */
async function events(sendStderr: string): Promise<string[]> {
  const manage = /http\S+\/m\/\S+/.exec(sendStderr)![0];
  const status = await runCli(["status", manage, "--json"], { env });
  return JSON.parse(status.stdout).events.map((e: { type: string }) => e.type);
}
const keys = (method: string, path: RegExp) =>
  new Set(proxy.passed.filter((p) => p.method === method && path.test(p.path)).map((p) => p.key)).size;

describe("hushnote send when the create answer is lost", () => {
  it("prints one working link to a note the Worker created once", async () => {
    proxy.fault({ kind: "lose", method: "POST", path: /^\/api\/notes$/, times: 1 });
    const sent = await runCli(["send"], { env, input: "sent once" });
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toMatch(LINK);
    expect(outcomes("POST", /^\/api\/notes$/)).toEqual([
      [201, "reset"],
      [201, 201],
    ]);
    expect(keys("POST", /^\/api\/notes$/)).toBe(1);

    const read = await runCli(["read", sent.stdout.trim()], { env });
    expect([read.code, read.stdout]).toEqual([0, "sent once"]);
    expect(await events(sent.stderr)).toEqual(["created", "opened", "destroyed"]);
  });
});

describe("hushnote read when the open answer is lost", () => {
  it("prints a one-time secret whose view the Worker consumed, exits 0, and the note is gone afterwards", async () => {
    const sent = await runCli(["send"], { env, input: "delivered after all" });
    proxy.passed.length = 0;
    proxy.fault({ kind: "lose", method: "POST", path: /\/open$/, times: 2 });
    const read = await runCli(["read", sent.stdout.trim()], { env });
    expect([read.code, read.stdout], read.stderr).toEqual([0, "delivered after all"]);
    expect(outcomes("POST", /\/open$/)).toEqual([
      [200, "reset"],
      [200, "reset"],
      [200, 200],
    ]);
    expect(keys("POST", /\/open$/)).toBe(1);

    const again = await runCli(["read", sent.stdout.trim()], { env });
    expect(again.code).toBe(2);
  });
});

describe("hushnote read when every open answer is lost", () => {
  it("says the view may be used up, and it was: the Worker recorded one delivery and the note is gone", async () => {
    const sent = await runCli(["send"], { env, input: "never heard back" });
    proxy.passed.length = 0;
    proxy.fault({ kind: "lose", method: "POST", path: /\/open$/, times: 100 });
    const read = await runCli(["read", sent.stdout.trim()], { env });
    expect([read.code, read.stdout]).toEqual([4, ""]);
    expect(read.stderr.split("\n").slice(1)).toEqual([
      `hushnote: could not reach ${proxy.origin} (UND_ERR_SOCKET); nothing was shown, and if the server received the request, that view may be used up`,
      "",
    ]);
    // Six tries, one grant: the first consumed the view, the other five were repeats answered from its escrow.
    expect(outcomes("POST", /\/open$/)).toEqual(Array(6).fill([200, "reset"]));
    expect(keys("POST", /\/open$/)).toBe(1);
    proxy.heal();
    expect(await events(sent.stderr)).toEqual(["created", "opened", "destroyed"]);
    expect((await runCli(["read", sent.stdout.trim()], { env })).code).toBe(2);
  });
});

describe("hushnote pad put when the save answer is lost", () => {
  it("ends saved at the next version, and get prints the text", async () => {
    const slug = `recovery-${process.pid}`;
    expect((await runCli(["pad", "put", slug], { env: padEnv, input: "v1" })).code).toBe(0);
    proxy.passed.length = 0;
    proxy.fault({ kind: "lose", method: "PUT", path: new RegExp(`^/api/pads/${slug}$`), times: 1 });
    const saved = await runCli(["pad", "put", slug], { env: padEnv, input: "v2, answer lost" });
    expect([saved.code, saved.stderr]).toEqual([0, `Saved ${slug}, version 2.\n`]);
    expect(outcomes("PUT", /^\/api\/pads\//)).toEqual([
      [200, "reset"],
      [200, 200],
    ]);
    expect(keys("PUT", /^\/api\/pads\//)).toBe(1);
    const got = await runCli(["pad", "get", slug, "--json"], { env: padEnv });
    expect(JSON.parse(got.stdout)).toMatchObject({ version: 2, text: "v2, answer lost" });
  });
});

describe("hushnote with the server down", () => {
  it("send exits 4 with one sentence naming the server, no stack", async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    const sent = await runCli(["send", "--server", down], { env, input: "x" });
    expect([sent.code, sent.stdout, sent.stderr]).toEqual([
      4,
      "",
      `hushnote: could not reach ${down} (ECONNREFUSED); no link was made\n`,
    ]);
  });

  it("read exits 4 with one sentence when every try's connection drops, and a later read still gets the secret", async () => {
    const sent = await runCli(["send"], { env, input: "still there" });
    proxy.fault({ kind: "down", method: "POST", path: /\/open$/, times: 100 });
    const read = await runCli(["read", sent.stdout.trim()], { env });
    expect([read.code, read.stdout]).toEqual([4, ""]);
    expect(read.stderr.split("\n").slice(1)).toEqual([
      `hushnote: could not reach ${proxy.origin} (UND_ERR_SOCKET); nothing was shown, and if the server received the request, that view may be used up`,
      "",
    ]);
    proxy.heal();
    const later = await runCli(["read", sent.stdout.trim()], { env });
    expect([later.code, later.stdout]).toEqual([0, "still there"]);
  });

  it("pad put exits 4 with one sentence while storage answers 503, and saves once it recovers", async () => {
    const slug = `recovery-down-${process.pid}`;
    expect((await runCli(["pad", "put", slug], { env: padEnv, input: "v1" })).code).toBe(0);
    proxy.fault({ kind: "answer", status: 503, method: "PUT", path: /^\/api\/pads\//, times: 100 });
    const failed = await runCli(["pad", "put", slug], { env: padEnv, input: "v2" });
    expect([failed.code, failed.stderr]).toEqual([
      4,
      `hushnote: the server is unavailable (503); the save is unconfirmed: \`hushnote pad get ${slug}\` shows what the server holds\n`,
    ]);
    proxy.heal();
    const saved = await runCli(["pad", "put", slug], { env: padEnv, input: "v2" });
    expect([saved.code, saved.stderr]).toEqual([0, `Saved ${slug}, version 2.\n`]);
  });
});
