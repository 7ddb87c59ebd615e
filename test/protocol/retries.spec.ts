/**
 * Which failures each call retries, with what, and when it stops (SPEC §1), against a scripted server: a create,
 * open or save is repeated byte for byte (its key drawn once per call), a 4xx or a malformed answer is final.
 */
import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import {
  createNote,
  deleteNote,
  deletePad,
  noteStatus,
  openNote,
  openPad,
  padStatus,
  putPad,
} from "../../protocol/index";
import { json, type Scripted, type Seen, scripted } from "./scripted";

const FAST = { backoffMs: 5 };
const ID = "AAAAAAAAAAAAAAAAAAAAAA";
const NOTE = { id: ID, header: "aGVhZGVy", wrappedKey: "d3JhcHBlZA", verifier: "dg", views: 1, ttl: 300, size: 4 };
const CREATED = { id: ID, expiresAt: 1, viewsLeft: 1, manageToken: "t", parts: [4] };
const META = { wrappedKey: "d3JhcHBlZA", viewsLeft: 0, size: 4, grant: "g".repeat(43), grantExpiresAt: 1 };
let server: Scripted | undefined;
afterEach(() => server?.close());

type Step = (res: ServerResponse) => void;
/** A server that answers its n-th request with steps[n] (the last step repeats). */
const answering = async (...steps: Step[]) => {
  server = await scripted((_seen, res) => steps[Math.min(server!.seen.length - 1, steps.length - 1)]!(res));
  return server;
};
const status =
  (code: number, headers: Record<string, string> = {}): Step =>
  (res) =>
    json(res, code, { status: code, error: `answered ${code}` }, headers);
const drop: Step = (res) => res.socket?.destroy();
const ok =
  (body: unknown): Step =>
  (res) =>
    json(res, 200, body);
const opened: Step = (res) =>
  res.writeHead(200, { "Hushnote-Open": JSON.stringify(META), "Content-Length": "4" }).end(Buffer.from([1, 2, 3, 4]));
const bodies = (seen: Seen[]) => seen.map((s) => s.body.toString());

describe("createNote", () => {
  it("retries no answer, a 5xx and a 429 with the same request, whose manage token it drew", async () => {
    const s = await answering(drop, status(500), status(429), (res) => json(res, 201, CREATED));
    expect(await createNote(s.origin, NOTE, FAST)).toEqual(CREATED);
    expect(s.seen).toHaveLength(4);
    expect(new Set(bodies(s.seen)).size).toBe(1);
    expect(JSON.parse(bodies(s.seen)[0]!)).toEqual({ ...NOTE, manageToken: expect.stringMatching(/^[\w-]{43}$/) });
  });

  it("sends the caller's manage token, draws a new one per call, and stops at a 4xx or after 5 calls", async () => {
    const s = await answering(status(409));
    await expect(createNote(s.origin, { ...NOTE, manageToken: "mine" }, FAST)).rejects.toMatchObject({ status: 409 });
    expect(s.seen).toHaveLength(1);
    expect(JSON.parse(bodies(s.seen)[0]!).manageToken).toBe("mine");
    await s.close();
    const t = await answering(status(503));
    await expect(createNote(t.origin, NOTE, FAST)).rejects.toMatchObject({ status: 503 });
    await expect(createNote(t.origin, NOTE, FAST)).rejects.toMatchObject({ status: 503 });
    expect(t.seen).toHaveLength(10);
    expect(new Set(bodies(t.seen)).size).toBe(2);
  });
});

describe("openNote", () => {
  it("retries no answer and a 500 with the same grant, and waits out a 503 telling onWait", async () => {
    const s = await answering(drop, status(500), status(503, { "Retry-After": "1" }), opened);
    const waits: number[] = [];
    const result = await openNote(s.origin, ID, { proof: "p" }, { ...FAST, onWait: (w) => waits.push(w) });
    expect(result.meta).toEqual(META);
    expect(waits).toEqual([1]);
    expect(s.seen).toHaveLength(4);
    expect(new Set(bodies(s.seen)).size).toBe(1);
    expect(JSON.parse(bodies(s.seen)[0]!).grant).toMatch(/^[\w-]{43}$/);
  });

  it.each([429, 403, 404])("takes a %i as final", async (code) => {
    const s = await answering(status(code), opened);
    await expect(openNote(s.origin, ID, { proof: "p" }, FAST)).rejects.toMatchObject({ status: code });
    expect(s.seen).toHaveLength(1);
  });

  it("gives up after six calls, and sends the caller's grant when given one", async () => {
    const s = await answering(status(502));
    await expect(openNote(s.origin, ID, { proof: "p", grant: "G" }, FAST)).rejects.toMatchObject({ status: 502 });
    expect(s.seen).toHaveLength(6);
    expect(JSON.parse(bodies(s.seen)[5]!).grant).toBe("G");
  });
});

describe("putPad", () => {
  const put = { version: 1, header: "aA", wrappedKey: "d3JhcHBlZA", proof: "cA" };

  it("retries no answer and a 5xx with the same saveId and bytes; a 429 and a 409 are final", async () => {
    const s = await answering(drop, status(500), ok({ version: 2 }));
    expect(await putPad(s.origin, "pad", put, new Uint8Array([7, 8]), FAST)).toEqual({ version: 2 });
    const saves = s.seen.map((seen) => seen.headers["hushnote-save"]);
    expect(saves).toHaveLength(3);
    expect(new Set(saves).size).toBe(1);
    expect(s.seen.every((seen) => seen.body.equals(Buffer.from([7, 8])))).toBe(true);
    for (const code of [429, 409]) {
      const t = await scripted((_seen, res) => status(code)(res));
      await expect(putPad(t.origin, "pad", put, null, FAST)).rejects.toMatchObject({ status: code });
      expect(t.seen).toHaveLength(1);
      await t.close();
    }
  });

  it("draws a new saveId for each save", async () => {
    const s = await answering(ok({ version: 2 }));
    await putPad(s.origin, "pad", put, null);
    await putPad(s.origin, "pad", put, null);
    const [a, b] = bodies(s.seen).map((body) => JSON.parse(body).saveId);
    expect(a).toMatch(/^[\w-]{22}$/);
    expect(b).not.toBe(a);
  });
});

describe("deleteNote and deletePad", () => {
  it("resolve when a retry after a transient failure finds nothing (the lost attempt deleted it)", async () => {
    const s = await answering(status(503), status(404), drop, status(404));
    await deleteNote(s.origin, ID, { manageToken: "t" }, FAST);
    await deletePad(s.origin, "pad", { proof: "p" }, FAST);
    expect(s.seen.map((seen) => `${seen.method} ${seen.path}`)).toEqual([
      `DELETE /api/notes/${ID}`,
      `DELETE /api/notes/${ID}`,
      "DELETE /api/pads/pad",
      "DELETE /api/pads/pad",
    ]);
  });

  it("reject a 404 on the first call: there was nothing to delete", async () => {
    const s = await answering(status(404));
    await expect(deleteNote(s.origin, ID, { proof: "p" }, FAST)).rejects.toMatchObject({ status: 404 });
    await expect(deletePad(s.origin, "pad", { proof: "p" }, FAST)).rejects.toMatchObject({ status: 404 });
    expect(s.seen).toHaveLength(2);
  });
});

describe("reads (GET)", () => {
  const STATUS = { id: ID, header: "aGVhZGVy", expiresAt: 1, viewsLeft: 1, size: 4 };

  it("retries no answer, a 5xx and a 429, since a GET changes nothing", async () => {
    const s = await answering(drop, status(502), status(429), ok(STATUS));
    expect(await noteStatus(s.origin, ID, FAST)).toEqual(STATUS);
    expect(s.seen.map((seen) => seen.method)).toEqual(["GET", "GET", "GET", "GET"]);
  });

  it("stops at once at a 404 (a free notepad address is null) and after 5 calls of failures", async () => {
    const s = await answering(status(404));
    expect(await padStatus(s.origin, "free", FAST)).toBeNull();
    expect(s.seen).toHaveLength(1);
    await s.close();
    const t = await answering(status(500));
    await expect(noteStatus(t.origin, ID, FAST)).rejects.toMatchObject({ status: 500 });
    expect(t.seen).toHaveLength(5);
  });
});

describe("openPad", () => {
  const PAD_META = { wrappedKey: "d3JhcHBlZA", version: 3, size: 4 };
  const padOpened: Step = (res) =>
    res
      .writeHead(200, { "Hushnote-Open": JSON.stringify(PAD_META), "Content-Length": "4" })
      .end(Buffer.from([1, 2, 3, 4]));

  it("retries no answer and a 5xx with the same proof (an open changes nothing), and stops at a 4xx", async () => {
    const s = await answering(drop, status(502), padOpened);
    const opened = await openPad(s.origin, "pad", { proof: "p" }, FAST);
    expect(opened.meta).toEqual(PAD_META);
    expect(s.seen).toHaveLength(3);
    expect(new Set(bodies(s.seen)).size).toBe(1);
    await s.close();
    const t = await answering(status(403));
    await expect(openPad(t.origin, "pad", { proof: "p" }, FAST)).rejects.toMatchObject({ status: 403 });
    expect(t.seen).toHaveLength(1);
  });
});
