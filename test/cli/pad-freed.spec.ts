/**
 * Notepads remembered on this machine that the server says are free: nothing is sent or created until the user accepts
 * that the notepad was deleted (so that a hostile server cannot get the user to make it again under a new key).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeHeader } from "../../crypto/index";
import { type FakeServer, type Route, sealPad } from "./fake-server";
import { PASSWORD, pad, padMemoryHooks, pads, remembered, setUp } from "./pad-memory-setup";
import { onPty } from "./pty";

padMemoryHooks();

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
