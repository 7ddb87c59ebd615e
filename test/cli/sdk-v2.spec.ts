/** The SDK with format v2 against the real Worker: `#v2` password-only links, and what a notepad client must remember. */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { inspect, type PadRemember, padGet, padPut, read, SdkError, send } from "../../cli/src/sdk";
import { decodeHeader } from "../../crypto/index";
import { startServer, type TestServer } from "../browser/server";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
}, 60_000);
afterAll(() => server?.stop());

describe("v2 password-only notes", () => {
  it("get a #v2 link, which opens with the password", async () => {
    const sent = await send({
      server: server.origin,
      text: "v2 only",
      password: "pw v2",
      passwordOnly: true,
      version: 2,
      views: 2,
    });
    expect(sent.link).toBe(`${server.origin}/n/${sent.id}#v2`);
    expect((await inspect(sent.link)).header).toMatchObject({ v: 2, link: false });
    expect((await read({ link: sent.link, password: "pw v2" })).text).toBe("v2 only");
  });

  it("stay fragment-free in v1, and a v2 note with a link key keeps its key in the link", async () => {
    const v1 = await send({ server: server.origin, text: "x", password: "pw", passwordOnly: true, version: 1 });
    expect(v1.link).toBe(`${server.origin}/n/${v1.id}`);
    const keyed = await send({ server: server.origin, text: "y", password: "pw", version: 2 });
    expect(keyed.link).toMatch(/#[A-Za-z0-9_-]{43}$/);
    expect((await read({ link: keyed.link, password: "pw" })).text).toBe("y");
  });
});

describe("notepad memory through the SDK", () => {
  it("hands back the fingerprint and device credential to keep, and refuses a changed key unless onKeyChange agrees", async () => {
    const options = { server: server.origin, name: "sdk-memory", password: "pad pw" };
    const kept: PadRemember[] = [];
    const created = await padPut({ ...options, text: "one", onRemember: (r) => kept.push(r) });
    expect(created.remember.memory).toMatchObject({ salt: expect.any(String), iterations: 600_000 });
    const got = await padGet({ ...options, remembered: created.remember });
    expect(got.remember.memory.salt).toBe(created.remember.memory.salt);
    expect(kept).toHaveLength(1);

    // Remembered under another salt: the SDK stops before the password is stretched or asked for.
    const password = vi.fn(() => "pad pw");
    const stranger = { ...got.remember.memory, salt: "A".repeat(22) };
    const refused = await padGet({ ...options, password, remembered: { memory: stranger } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SdkError);
    expect(refused).toMatchObject({ code: "damaged", details: { changes: ["salt"] } });
    expect(password).not.toHaveBeenCalled();
    const onKeyChange = vi.fn(() => true);
    expect((await padGet({ ...options, remembered: { memory: stranger }, onKeyChange })).text).toBe("one");
    expect(onKeyChange).toHaveBeenCalledWith(expect.objectContaining({ slug: "sdk-memory", changes: ["salt"] }));
  });

  it("saves a v2 notepad with body version = version + 1 and refuses one older than remembered", async () => {
    const options = { server: server.origin, name: "sdk-v2-pad", password: "pad pw" };
    const created = await padPut({ ...options, text: "first" });
    const { header } = (await (await fetch(`${server.origin}/api/pads/sdk-v2-pad`)).json()) as { header: string };
    expect(decodeHeader(header).v).toBe(2);
    expect(created.remember.memory.bodyVersion).toBe(1);
    const saved = await padPut({ ...options, text: "second", base: 1, remembered: created.remember });
    expect(saved.remember.memory.bodyVersion).toBe(2);
    const ahead = { ...saved.remember, memory: { ...saved.remember.memory, bodyVersion: 9 } };
    await expect(padGet({ ...options, remembered: ahead })).rejects.toMatchObject({
      code: "damaged",
      message: expect.stringMatching(/older save/),
    });
  });
});
