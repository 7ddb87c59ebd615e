/**
 * Notepads against a hostile server: another pad at the asked-for address, a changed salt or fewer iterations (trust
 * on first use), an older save served again (rollback), a remembered pad said to be free (so that the user makes it
 * again), and the device credential kept in the 0600 state file.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { fromBase64Url } from "../../crypto/base64url";
import { decodeHeader } from "../../crypto/index";
import { type FakeServer, fakeServer, padRoutes, type Route, resealPad, type StoredPad, sealPad } from "./fake-server";
import { build, cliEnv, runCli } from "./helpers";
import { onPty } from "./pty";

const PASSWORD = "pad password";
let fake: FakeServer | undefined;
let pads: Map<string, StoredPad>;

beforeAll(() => build(), 60_000);
afterEach(() => fake?.close());

/** A fake server holding `entries`, and one machine's environment (its own state directory) pointed at it. */
async function setUp(
  entries: [string, StoredPad][],
  wrap: (route: Route) => Route = (r) => r,
): Promise<{ server: FakeServer; env: Record<string, string> }> {
  pads = new Map(entries);
  fake = await fakeServer(wrap(padRoutes(pads)));
  return { server: fake, env: cliEnv(fake.origin, { HUSHNOTE_PASSWORD: PASSWORD }) };
}

const pad = (env: Record<string, string>, args: string[], input?: string) => runCli(["pad", ...args], { env, input });
const stateOf = (env: Record<string, string>) => join(env.XDG_STATE_HOME as string, "hushnote", "pads.json");
const remembered = (env: Record<string, string>, server: FakeServer, slug: string) =>
  (
    JSON.parse(readFileSync(stateOf(env), "utf8")) as Record<
      string,
      { version?: number; device?: string; memory?: { salt: string; bodyVersion: number | null } }
    >
  )[`${server.origin}/p/${slug}`];
const opens = (server: FakeServer) => server.log.filter((l) => l.path.endsWith("/open"));

describe("a notepad is the one at the address the user typed", () => {
  it("refuses pad B served at /p/a before the password is used (exit 4, no proof sent)", async () => {
    const { server, env } = await setUp([["a", await sealPad("b", "pad B's text", PASSWORD)]]);
    const result = await pad(env, ["get", "a"]);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(
      /refusing to open: the server sent the header of pad "b", not of the pad "a" you asked for/,
    );
    expect(result.stdout).toBe("");
    expect(server.proofs()).toEqual([]);
  });
});

describe("trust on first use: salt, iterations and format remembered per address", () => {
  it("stops with a loud warning and exit 4 when the salt changed, sending nothing, and goes on with --accept-new-key", async () => {
    const { server, env } = await setUp([["team", await sealPad("team", "first", PASSWORD)]]);
    expect((await pad(env, ["get", "team"])).code).toBe(0);
    const first = remembered(env, server, "team");
    pads.set("team", await sealPad("team", "served by the attacker", PASSWORD));
    const before = opens(server).length;
    const refused = await pad(env, ["get", "team"]);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain("WARNING: the notepad team");
    expect(refused.stderr).toContain("its password salt is not the one this machine remembers");
    expect(refused.stderr).toMatch(
      /hushnote: the key of the notepad team changed since this device last opened it \(salt\); the password was not used/,
    );
    expect(opens(server).length).toBe(before);
    expect(remembered(env, server, "team")?.memory).toEqual(first?.memory);

    const accepted = await pad(env, ["get", "team", "--accept-new-key"]);
    expect([accepted.code, accepted.stdout]).toEqual([0, "served by the attacker"]);
    expect(remembered(env, server, "team")?.memory?.salt).toBe(decodeHeader(pads.get("team")!.header).kdf?.salt);
    expect((await pad(env, ["get", "team"])).code).toBe(0);
  });

  it("stops when the iterations went down under the same salt", async () => {
    const strong = await sealPad("slow", "x", PASSWORD, { iterations: 700_000 });
    const { server, env } = await setUp([["slow", strong]]);
    expect((await pad(env, ["get", "slow"])).code).toBe(0);
    const salt = fromBase64Url(decodeHeader(strong.header).kdf!.salt)!;
    pads.set("slow", await sealPad("slow", "x", PASSWORD, { iterations: 310_000, salt }));
    const refused = await pad(env, ["get", "slow"]);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain("fewer PBKDF2 iterations (310000, remembered 700000)");
    expect(server.proofs()).toHaveLength(1);
  });

  it("stops when a notepad seen in v2 comes back as v1 under the same salt", async () => {
    const v2 = await sealPad("modern", "x", PASSWORD, { format: 2 });
    const { server, env } = await setUp([["modern", v2]]);
    expect((await pad(env, ["get", "modern"])).code).toBe(0);
    const salt = fromBase64Url(decodeHeader(v2.header).kdf!.salt)!;
    pads.set("modern", await sealPad("modern", "x", PASSWORD, { format: 1, salt }));
    const refused = await pad(env, ["get", "modern"]);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain("it went back to format v1 (remembered v2)");
    expect(server.proofs()).toHaveLength(1);
  });

  it("asks on a terminal: yes goes on, anything else refuses", async () => {
    const { server, env } = await setUp([["asked", await sealPad("asked", "old", PASSWORD)]]);
    expect((await pad(env, ["get", "asked"])).code).toBe(0);
    pads.set("asked", await sealPad("asked", "new key", PASSWORD));
    const declined = onPty(["pad", "get", "asked"], env);
    await declined.waitFor("Type yes to trust the new key");
    declined.type("no");
    expect(await declined.exited).toBe(4);
    expect(server.proofs()).toHaveLength(1);
    const agreed = onPty(["pad", "get", "asked"], env);
    await agreed.waitFor("Type yes to trust the new key");
    agreed.type("yes");
    expect(await agreed.exited).toBe(0);
    expect(agreed.output()).toContain("new key");
  });
});

describe("no rollback (format v2)", () => {
  it("refuses an older save once a newer one was seen here (exit 4), and saves seal for version + 1", async () => {
    const v3 = await sealPad("diary", "save 3", PASSWORD, { format: 2, bodyVersion: 3 });
    const v5 = await resealPad(v3, "save 5", PASSWORD, 5);
    const { server, env } = await setUp([["diary", v5]]);
    expect((await pad(env, ["get", "diary"])).stdout).toBe("save 5");
    expect(remembered(env, server, "diary")?.memory?.bodyVersion).toBe(5);
    pads.set("diary", { ...v3, version: 5 });
    const rolledBack = await pad(env, ["get", "diary"]);
    expect(rolledBack.code).toBe(4);
    expect(rolledBack.stderr).toMatch(
      /refusing an older save of the notepad: the server sent body version 3, older than version 5 seen here before/,
    );
    expect(rolledBack.stdout).toBe("");

    pads.set("diary", v5);
    expect((await pad(env, ["put", "diary"], "save 6")).code).toBe(0);
    expect(remembered(env, server, "diary")?.memory?.bodyVersion).toBe(6);
    expect((await pad(env, ["get", "diary"])).stdout).toBe("save 6");
  });
});

describe("a notepad remembered here that the server says is free", () => {
  const puts = (server: FakeServer) => server.log.filter((l) => l.method === "PUT");
  const FREED =
    /hushnote: the notepad mine existed when this machine last used it; the server now says the address is free — it was deleted elsewhere, or the server is misbehaving\. Nothing was sent/;

  /** A machine that has read "mine", and a server that then answers that the address is free. */
  async function forgottenByServer(wrap?: (route: Route) => Route) {
    const { server, env } = await setUp([["mine", await sealPad("mine", "my text", PASSWORD, { format: 2 })]], wrap);
    expect((await pad(env, ["get", "mine"])).code).toBe(0);
    const before = remembered(env, server, "mine");
    expect(before?.memory).toBeDefined();
    if (!wrap) pads.delete("mine");
    return { server, env, before };
  }

  it("put stops with exit 4 and a warning, creates nothing and keeps the memory, even with --password-file", async () => {
    const { server, env, before } = await forgottenByServer();
    const file = join(env.XDG_STATE_HOME as string, "password.txt");
    writeFileSync(file, `${PASSWORD}\n`);
    const refused = await pad(
      { ...env, HUSHNOTE_PASSWORD: "" },
      ["put", "mine", "--password-file", file],
      "text for the server's pad",
    );
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain(
      `WARNING: the notepad mine on ${server.origin} existed when this machine last used it; the server now says the address is free.`,
    );
    expect(refused.stderr).toContain("Run again with --accept-new-key if you know it was deleted.");
    expect(refused.stderr).toMatch(FREED);
    expect(puts(server)).toEqual([]);
    expect(pads.has("mine")).toBe(false);
    expect(remembered(env, server, "mine")).toEqual(before);
  });

  it("put creates a new notepad with --accept-new-key, and the new key replaces the one remembered", async () => {
    const { server, env, before } = await forgottenByServer();
    const accepted = await pad(env, ["put", "mine", "--accept-new-key"], "made again");
    expect([accepted.code, accepted.stderr]).toEqual([0, expect.stringContaining("Saved mine, version 1.")]);
    expect(accepted.stderr).toContain(
      "Going on: --accept-new-key was given; the notepad remembered here is forgotten.",
    );
    expect(puts(server)).toHaveLength(1);
    const now = remembered(env, server, "mine");
    expect(now?.memory?.salt).toBe(decodeHeader(pads.get("mine")!.header).kdf?.salt);
    expect(now?.memory?.salt).not.toBe(before?.memory?.salt);
    expect(now?.version).toBe(1);
    expect((await pad(env, ["get", "mine"])).stdout).toBe("made again");
  });

  it("get stops with exit 4 and keeps the memory; with --accept-new-key it forgets the notepad and says it is gone (exit 2)", async () => {
    const { server, env, before } = await forgottenByServer();
    const refused = await pad(env, ["get", "mine"]);
    expect([refused.code, refused.stdout]).toEqual([4, ""]);
    expect(refused.stderr).toMatch(FREED);
    expect(remembered(env, server, "mine")).toEqual(before);
    const accepted = await pad(env, ["get", "mine", "--accept-new-key"]);
    expect(accepted.code).toBe(2);
    expect(accepted.stderr).toContain(`there is no notepad at ${server.origin}/p/mine (the address is free)`);
    expect(remembered(env, server, "mine")).toBeUndefined();
    expect((await pad(env, ["put", "mine"], "a fresh start")).code).toBe(0);
  });

  it("is refused in the save itself when the address turns free between put's check and its save", async () => {
    let gets = 0;
    // The pad is served to get and to put's first look, then the address is "free" for put's own look before saving.
    const { server, env, before } = await forgottenByServer((route) => (req) => {
      if (req.method === "GET" && req.path === "/api/pads/mine" && ++gets > 2)
        return { status: 404, body: { status: 404, error: "No notepad here." } };
      return route(req);
    });
    const refused = await pad(env, ["put", "mine"], "text for the server's pad");
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(FREED);
    expect(puts(server)).toEqual([]);
    expect(remembered(env, server, "mine")).toEqual(before);
  });

  it("asks on a terminal before any new password: anything but yes refuses, yes creates", async () => {
    const { server, env } = await forgottenByServer();
    const file = join(env.XDG_STATE_HOME as string, "text.txt");
    writeFileSync(file, "typed at the terminal");
    const person = { ...env, HUSHNOTE_PASSWORD: "" };
    const declined = onPty(["pad", "put", "mine", file], person);
    await declined.waitFor("Type yes to forget the notepad remembered here and go on");
    declined.type("no");
    expect(await declined.exited).toBe(4);
    expect(declined.output()).not.toContain("New password");
    expect(puts(server)).toEqual([]);
    const agreed = onPty(["pad", "put", "mine", file], person);
    await agreed.waitFor("Type yes to forget the notepad remembered here and go on");
    agreed.type("yes");
    await agreed.waitFor("New password for mine");
    agreed.type(PASSWORD);
    await agreed.waitFor("Repeat it");
    agreed.type(PASSWORD);
    expect(await agreed.exited).toBe(0);
    expect((await pad(env, ["get", "mine"])).stdout).toBe("typed at the terminal");
  });

  it("does not ask after this machine's own delete: put creates the notepad again", async () => {
    const { server, env } = await setUp([["mine", await sealPad("mine", "my text", PASSWORD, { format: 2 })]]);
    expect((await pad(env, ["get", "mine"])).code).toBe(0);
    expect((await pad(env, ["delete", "mine"])).code).toBe(0);
    const again = await pad(env, ["put", "mine"], "after my own delete");
    expect([again.code, again.stderr]).toEqual([0, expect.stringContaining("Saved mine, version 1.")]);
    expect(again.stderr).not.toContain("WARNING");
    expect(puts(server)).toHaveLength(1);
  });
});

describe("the device credential", () => {
  const sentDevice = (l: { body: Record<string, unknown> | null; headers: Record<string, unknown> }) =>
    l.body?.device ?? l.headers["hushnote-device"];

  it("is kept from the first open in the 0600 state file, sent on open, save and delete, and forgotten after delete", async () => {
    const { server, env } = await setUp([["kept", await sealPad("kept", "text", PASSWORD)]]);
    expect((await pad(env, ["get", "kept"])).code).toBe(0);
    expect(sentDevice(server.log.at(-1)!)).toBeUndefined();
    expect(remembered(env, server, "kept")?.device).toBe("dev1ce-credential-from-the-fake-server");
    expect(statSync(stateOf(env)).mode & 0o777).toBe(0o600);

    await pad(env, ["get", "kept"]);
    expect(sentDevice(opens(server).at(-1)!)).toBe("dev1ce-credential-from-the-fake-server");
    expect((await pad(env, ["put", "kept"], "edited")).code).toBe(0);
    expect(sentDevice(server.log.find((l) => l.method === "PUT")!)).toBe("dev1ce-credential-from-the-fake-server");
    expect((await pad(env, ["delete", "kept"])).code).toBe(0);
    expect(sentDevice(server.log.find((l) => l.method === "DELETE")!)).toBe("dev1ce-credential-from-the-fake-server");
    expect(remembered(env, server, "kept")).toBeUndefined();
    expect(statSync(stateOf(env)).mode & 0o777).toBe(0o600);
  });
});
