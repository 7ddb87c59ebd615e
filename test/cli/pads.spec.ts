/** hushnote pad get / put / delete against the real Worker: a changed notepad is never overwritten silently. */
import { randomBytes } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { decodeHeader, seal } from "../../crypto/index";
import { putPad } from "../../protocol/index";
import { startServer, type TestServer } from "../browser/server";
import { build, cliEnv, runCli } from "./helpers";

let server: TestServer;
const PASSWORD = "pad password";
// Two machines: each remembers the versions it has read in its own state directory.
let alice: Record<string, string>;
let bob: Record<string, string>;

beforeAll(async () => {
  build();
  server = await startServer();
  alice = cliEnv(server.origin, { HUSHNOTE_PASSWORD: PASSWORD });
  bob = cliEnv(server.origin, { HUSHNOTE_PASSWORD: PASSWORD });
}, 60_000);
afterAll(() => server?.stop());

const pad = (env: Record<string, string>, args: string[], input?: string) => runCli(["pad", ...args], { env, input });

describe("hushnote pad", () => {
  it("creates a pad at a normalised address on put, and get prints it with its version", async () => {
    const created = await pad(alice, ["put", "Team Notes!"], "hello pad\n");
    expect([created.code, created.stderr]).toEqual([0, expect.stringContaining("Saved team-notes, version 1.")]);
    const got = await pad(bob, ["get", "team-notes", "--json"]);
    expect(JSON.parse(got.stdout)).toEqual({ slug: "team-notes", version: 1, text: "hello pad\n", tabs: [] });
    expect((await pad(bob, ["get", "team-notes"])).stdout).toBe("hello pad\n");
  });

  it("refuses to save over a version this machine has not read (exit 5), and saves after get", async () => {
    await pad(alice, ["put", "race"], "v1");
    expect((await pad(bob, ["get", "race"])).code).toBe(0);
    expect((await pad(alice, ["put", "race"], "alice's v2")).code).toBe(0);
    const stale = await pad(bob, ["put", "race"], "bob's edit of v1");
    expect(stale.code).toBe(5);
    expect(stale.stderr).toMatch(/changed since version 1 \(it is now at version 2\); nothing was saved/);
    expect((await pad(alice, ["get", "race"])).stdout).toBe("alice's v2");
    expect((await pad(bob, ["get", "race"])).code).toBe(0);
    expect((await pad(bob, ["put", "race"], "bob's merge")).stderr).toContain("version 3");
  });

  it("lets exactly one of two simultaneous saves from the same version win; the server's 409 becomes exit 5", async () => {
    await pad(alice, ["put", "both"], "base");
    await pad(bob, ["get", "both"]);
    const results = await Promise.all([
      pad(alice, ["put", "both", "--base", "1"], "A"),
      pad(bob, ["put", "both"], "B"),
    ]);
    expect(results.map((r) => r.code).sort()).toEqual([0, 5]);
    const winner = results[0]!.code === 0 ? "A" : "B";
    expect((await pad(alice, ["get", "both"])).stdout).toBe(winner);
  });

  it("needs get or --force before putting to an existing pad it has never read", async () => {
    await pad(alice, ["put", "unread"], "theirs");
    expect((await pad(bob, ["put", "unread"], "mine")).code).toBe(1);
    expect((await pad(bob, ["put", "unread", "--force"], "mine")).code).toBe(0);
    expect((await pad(alice, ["get", "unread"])).stdout).toBe("mine");
  });

  it("exits 3 for a wrong password and 2 for a free address", async () => {
    await pad(alice, ["put", "guarded"], "x");
    expect((await pad({ ...alice, HUSHNOTE_PASSWORD: "nope" }, ["get", "guarded"])).code).toBe(3);
    expect((await pad(alice, ["get", "nobody-here"])).code).toBe(2);
  });

  it("moves a v1 notepad with old KDF parameters to format v2 at the instance default on save, keeping password and salt", async () => {
    const sealed = await seal(
      { text: "old", tabs: [], files: [] },
      {
        kind: "pad",
        id: "legacy",
        views: null,
        ttl: null,
        linkKey: null,
        password: PASSWORD,
        iterations: 310_000,
        version: 1,
      },
    );
    const { wrappedKey, verifier } = sealed;
    const put = { version: 0, header: sealed.header, wrappedKey, verifier };
    const created = await putPad(server.origin, "legacy", put, sealed.body);
    expect(created.version).toBe(1);
    await pad(alice, ["get", "legacy"]);
    expect((await pad(alice, ["put", "legacy"], "new")).code).toBe(0);
    const { header } = (await (await fetch(`${server.origin}/api/pads/legacy`)).json()) as { header: string };
    expect(decodeHeader(header)).toMatchObject({
      v: 2,
      kdf: { iterations: 600_000, salt: decodeHeader(sealed.header).kdf?.salt },
    });
    expect((await pad(bob, ["get", "legacy"])).stdout).toBe("new");
  });

  it("deletes with the password; the address is free again", async () => {
    await pad(alice, ["put", "short-lived"], "bye");
    expect((await pad(alice, ["delete", "short-lived"])).code).toBe(0);
    expect((await pad(alice, ["get", "short-lived"])).code).toBe(2);
  });

  it("keeps the device credential the Worker hands out in the 0600 state file, and forgets it on delete", async () => {
    const carol = cliEnv(server.origin, { HUSHNOTE_PASSWORD: PASSWORD });
    const state = join(carol.XDG_STATE_HOME as string, "hushnote", "pads.json");
    const entry = () =>
      (JSON.parse(readFileSync(state, "utf8")) as Record<string, { device?: string }>)[`${server.origin}/p/carols`];
    await pad(carol, ["put", "carols"], "mine");
    expect(entry()?.device).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(statSync(state).mode & 0o777).toBe(0o600);
    expect((await pad(carol, ["delete", "carols"])).code).toBe(0);
    expect(entry()).toBeUndefined();
  });

  it("lets its owner open and save at once while someone on the same network sends wrong passwords", async () => {
    const owner = cliEnv(server.origin, { HUSHNOTE_PASSWORD: PASSWORD });
    await pad(owner, ["put", "besieged"], "owner's text");
    let attacking = true;
    const attacker = (async () => {
      while (attacking) {
        await fetch(`${server.origin}/api/pads/besieged/open`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ proof: toBase64Url(randomBytes(32)) }),
        });
      }
    })();
    try {
      await new Promise((r) => setTimeout(r, 1500));
      const started = Date.now();
      expect(await pad(owner, ["get", "besieged"])).toMatchObject({ code: 0, stdout: "owner's text" });
      expect((await pad(owner, ["put", "besieged"], "saved under fire")).code).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      attacking = false;
      await attacker;
    }
  });
});
