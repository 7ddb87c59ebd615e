/** The Hushnote-Open header is a hostile server's to write: every shape but the documented one is an ApiError. */
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, openNote, openPad, putPad } from "../../protocol/index";
import { json, type Scripted, scripted } from "./scripted";

const ID = "AAAAAAAAAAAAAAAAAAAAAA";
const NOTE = {
  wrappedKey: "d3JhcHBlZA",
  viewsLeft: 2,
  size: 4,
  grant: "g".repeat(43),
  grantExpiresAt: 1_900_000_000_000,
};
const PAD = { wrappedKey: "d3JhcHBlZA", version: 3, size: 4 };
let server: Scripted | undefined;
afterEach(() => server?.close());

/** A server whose every open answers 200 with four body bytes and `header` as Hushnote-Open (absent when null). */
async function answering(header: string | null): Promise<Scripted> {
  return scripted((_seen, res) => {
    const headers: Record<string, string> = { "Content-Type": "application/octet-stream", "Content-Length": "4" };
    if (header !== null) headers["Hushnote-Open"] = header;
    res.writeHead(200, headers).end(Buffer.from([1, 2, 3, 4]));
  });
}

const noteHeaders: [string, string | null][] = [
  ["missing", null],
  ["not JSON", "{wrappedKey:"],
  ["a JSON array", "[]"],
  ["JSON null", "null"],
  ["a wrappedKey that is a number", JSON.stringify({ ...NOTE, wrappedKey: 7 })],
  ["a wrappedKey with a character outside base64url", JSON.stringify({ ...NOTE, wrappedKey: "a/b" })],
  ["an empty grant", JSON.stringify({ ...NOTE, grant: "" })],
  ["no grant", JSON.stringify({ ...NOTE, grant: undefined })],
  ["viewsLeft as a string", JSON.stringify({ ...NOTE, viewsLeft: "1" })],
  ["viewsLeft missing", JSON.stringify({ ...NOTE, viewsLeft: undefined })],
  ["a negative size", JSON.stringify({ ...NOTE, size: -1 })],
  ["a fractional size", JSON.stringify({ ...NOTE, size: 1.5 })],
  ["a size past 2^53", JSON.stringify({ ...NOTE, size: 2 ** 60 })],
  ["grantExpiresAt null", JSON.stringify({ ...NOTE, grantExpiresAt: null })],
  ["over 8 KiB", JSON.stringify({ ...NOTE, padding: "x".repeat(9000) })],
];

describe("openNote's Hushnote-Open", () => {
  it("reads the documented shape", async () => {
    server = await answering(JSON.stringify(NOTE));
    const opened = await openNote(server.origin, ID, { proof: "proof" });
    expect(opened.meta).toEqual(NOTE);
    expect(new Uint8Array(await new Response(opened.body).arrayBuffer())).toEqual(new Uint8Array([1, 2, 3, 4]));
  });

  it.each(noteHeaders)(
    "refuses a header that is %s, once (a malformed answer is not retried)",
    async (_what, header) => {
      server = await answering(header);
      const error = await openNote(server.origin, ID, { proof: "proof" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 502 });
      expect((error as ApiError).message).toMatch(/^The server's answer is malformed: .*Hushnote-Open/);
      expect(server.seen).toHaveLength(1);
    },
  );

  it("sends the proofs and a fresh random grant as JSON, and keeps a refusal's JSON for the caller", async () => {
    server = await scripted((_seen, res) => json(res, 403, { status: 403, error: "Wrong.", triesLeft: 4 }));
    const error = await openNote(server.origin, ID, { proof: "p", linkProof: "l" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, message: "Wrong.", body: { triesLeft: 4 } });
    expect(server.seen).toHaveLength(1);
    const sent = JSON.parse(server.seen[0]!.body.toString());
    expect(sent).toEqual({ proof: "p", linkProof: "l", grant: expect.stringMatching(/^[\w-]{43}$/) });
    await openNote(server.origin, ID, { proof: "p" }).catch(() => undefined);
    expect(JSON.parse(server.seen[1]!.body.toString()).grant).not.toBe(sent.grant);
    expect(server.seen[0]!.headers["content-type"]).toBe("application/json");
  });
});

describe("openPad's Hushnote-Open", () => {
  it("reads the documented shape, with or without a device credential", async () => {
    server = await answering(JSON.stringify({ ...PAD, device: "ZGV2aWNl" }));
    expect(await openPad(server.origin, "pad", { proof: "p" })).toEqual({
      meta: { ...PAD, device: "ZGV2aWNl" },
      body: new Uint8Array([1, 2, 3, 4]),
    });
  });

  it.each([
    ["a version as a string", { ...PAD, version: "3" }],
    ["a device that is a number", { ...PAD, device: 5 }],
    ["a size that the body does not have", { ...PAD, size: 5 }],
  ])("refuses %s", async (_what, meta) => {
    server = await answering(JSON.stringify(meta));
    await expect(openPad(server.origin, "pad", { proof: "p" })).rejects.toMatchObject({
      name: "ApiError",
      status: 502,
    });
  });
});

describe("putPad", () => {
  const put = { version: 3, header: "aGVhZGVy", wrappedKey: "d3JhcHBlZA", proof: "cHJvb2Y", device: undefined };

  it("sends a body as octet-stream with its fields as compact ASCII JSON in Hushnote-Save", async () => {
    server = await scripted((_seen, res) => json(res, 200, { version: 4 }));
    const body = new Uint8Array([9, 8, 7]);
    expect(await putPad(server.origin, "my-pad", { ...put, header: "h\u00e9" }, body)).toEqual({ version: 4 });
    const [seen] = server.seen;
    expect(seen).toMatchObject({ method: "PUT", path: "/api/pads/my-pad" });
    expect(seen!.headers["content-type"]).toBe("application/octet-stream");
    expect(seen!.headers["content-length"]).toBe("3");
    const saveId = JSON.parse(seen!.headers["hushnote-save"] as string).saveId;
    expect(saveId).toMatch(/^[\w-]{22}$/);
    expect(seen!.headers["hushnote-save"]).toBe(
      `{"version":3,"header":"h\\u00e9","wrappedKey":"d3JhcHBlZA","proof":"cHJvb2Y","saveId":"${saveId}"}`,
    );
    expect([...seen!.body]).toEqual([9, 8, 7]);
  });

  it("sends a password change (no body) as JSON", async () => {
    server = await scripted((_seen, res) => json(res, 409, { status: 409, error: "Saved elsewhere.", version: 5 }));
    const error = await putPad(server.origin, "my-pad", { ...put, verifier: "dmVyaWZpZXI" }, null).catch((e) => e);
    expect(error).toMatchObject({ status: 409, body: { version: 5 } });
    const [seen] = server.seen;
    expect(seen!.headers["content-type"]).toBe("application/json");
    expect(seen!.headers["hushnote-save"]).toBeUndefined();
    expect(JSON.parse(seen!.body.toString())).toEqual({
      ...put,
      device: undefined,
      verifier: "dmVyaWZpZXI",
      saveId: expect.stringMatching(/^[\w-]{22}$/),
    });
    // A 409 is a conflict, not a lost answer: sent once.
    expect(server.seen).toHaveLength(1);
  });
});
