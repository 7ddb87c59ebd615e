/**
 * Notepads against a hostile server: another pad at the asked-for address, a changed salt or fewer iterations (trust
 * on first use), an older save served again (rollback), and the device credential kept in the 0600 state file.
 */
import { statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fromBase64Url } from "../../crypto/base64url";
import { decodeHeader } from "../../crypto/index";
import { resealPad, sealPad } from "./fake-server";
import { opens, PASSWORD, pad, padMemoryHooks, pads, remembered, setUp, stateOf } from "./pad-memory-setup";
import { onPty } from "./pty";

padMemoryHooks();

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
