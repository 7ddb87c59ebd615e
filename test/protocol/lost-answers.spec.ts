/**
 * The protocol against the real Worker when answers are lost on the way back (lose-proxy.ts): the Worker did the work,
 * the client never heard, and its retry, carrying the same manageToken, grant or saveId, ends as if the first answer
 * had arrived: one note, one view, one version. Run `npm run build` first (the Worker serves public/).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { generateLinkKey, generateNoteId, openStream, seal, sealStream, unlock } from "../../crypto/index";
import {
  createNote,
  deleteNote,
  downloadBody,
  getReceipt,
  noteStatus,
  openNote,
  padStatus,
  putPad,
  uploadBody,
} from "../../protocol/index";
import { startServer, type TestServer } from "../browser/server";
import { type LoseProxy, loseProxy } from "./lose-proxy";

const FAST = { backoffMs: 10 };
let server: TestServer;
let proxy: LoseProxy;
beforeAll(async () => {
  server = await startServer();
  proxy = await loseProxy(server.origin);
}, 120_000);
afterEach(() => {
  proxy.passed.length = 0;
});
afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
});

/** A sealed one-line note of `views` views, as a page or the CLI makes it. */
async function sealNote(text: string, views: number) {
  const id = generateNoteId();
  const linkKey = generateLinkKey();
  const sealed = await sealStream({ text, tabs: [], files: [] }, { kind: "note", id, views, ttl: 3600, linkKey });
  const { header, wrappedKey, verifier, size } = sealed;
  const note = { id, header, wrappedKey, verifier, views, ttl: 3600, size };
  return { id, linkKey, sealed, note: { ...note, linkVerifier: sealed.linkVerifier ?? undefined } };
}

/** The requests the proxy passed for `method` on paths matching `path`: [Worker's status, lost?, body]. */
const through = (method: string, path: RegExp) => proxy.passed.filter((p) => p.method === method && path.test(p.path));

describe("a create whose answer is lost", () => {
  it("resolves with the note the Worker created, under the manage token both calls carried", async () => {
    const { id, sealed, note } = await sealNote("created once", 1);
    proxy.lose("POST", /^\/api\/notes$/);
    const created = await createNote(proxy.origin, note, FAST);
    const creates = through("POST", /^\/api\/notes$/);
    expect(creates.map((c) => [c.workerStatus, c.lost])).toEqual([
      [201, true],
      [201, false],
    ]);
    expect(creates[1]!.body.equals(creates[0]!.body)).toBe(true);
    expect(JSON.parse(creates[0]!.body.toString()).manageToken).toBe(created.manageToken);
    const receipt = await getReceipt(server.origin, id, created.manageToken);
    expect(receipt.events.map((e) => e.type)).toEqual(["created"]);
    await uploadBody(proxy.origin, id, created.manageToken, created.parts, sealed.body, FAST);
    expect(await noteStatus(server.origin, id)).toMatchObject({ viewsLeft: 1 });
  });
});

describe("an open whose answer is lost", () => {
  it("resolves with the whole body, one view consumed: the retry with the same grant gets what the first bought", async () => {
    const { id, linkKey, sealed, note } = await sealNote("read once, delivered once", 1);
    const created = await createNote(server.origin, note);
    await uploadBody(server.origin, id, created.manageToken, created.parts, sealed.body);
    const unlocked = await unlock(note.header, { linkKey });
    const proofs = { proof: unlocked.proof, linkProof: unlocked.linkProof ?? undefined };
    proxy.lose("POST", /\/open$/);
    const opened = await openNote(proxy.origin, id, proofs, FAST);
    const opens = through("POST", /\/open$/);
    expect(opens.map((o) => [o.workerStatus, o.lost])).toEqual([
      [200, true],
      [200, false],
    ]);
    expect(JSON.parse(opens[1]!.body.toString()).grant).toBe(JSON.parse(opens[0]!.body.toString()).grant);
    expect(opened.meta).toMatchObject({ viewsLeft: 0, grant: JSON.parse(opens[0]!.body.toString()).grant });
    let text = "";
    for await (const event of openStream(unlocked, opened.meta.wrappedKey, downloadBody(proxy.origin, id, opened))) {
      if (event.kind === "manifest") text = event.text;
    }
    expect(text).toBe("read once, delivered once");
    const receipt = await getReceipt(server.origin, id, created.manageToken);
    expect(receipt.events.map((e) => e.type)).toEqual(["created", "opened", "destroyed"]);
    await expect(openNote(server.origin, id, proofs)).rejects.toMatchObject({ status: 404 });
  });
});

describe("a notepad save whose answer is lost", () => {
  it("resolves with the version the first attempt made; both calls carried the same saveId", async () => {
    const slug = `lost-${generateNoteId()
      .slice(0, 8)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "x")}`;
    const password = "correct horse battery staple";
    const options = { kind: "pad" as const, id: slug, views: null, ttl: null, linkKey: null, password };
    const first = await seal({ text: "v1", tabs: [], files: [] }, { ...options, iterations: 600_000 });
    const { header, wrappedKey, verifier } = first;
    const created = await putPad(server.origin, slug, { version: 0, header, wrappedKey, verifier }, first.body);
    const unlocked = await unlock(header, { password });
    proxy.lose("PUT", /^\/api\/pads\//);
    const put = { version: 1, header, wrappedKey, proof: unlocked.proof, device: created.device };
    const saved = await putPad(proxy.origin, slug, put, first.body, FAST);
    expect(saved.version).toBe(2);
    const saves = through("PUT", /^\/api\/pads\//);
    expect(saves.map((s) => [s.workerStatus, s.lost])).toEqual([
      [200, true],
      [200, false],
    ]);
    const ids = saves.map((s) => JSON.parse(s.headers["hushnote-save"] as string).saveId);
    expect(ids[0]).toMatch(/^[\w-]{22}$/);
    expect(ids[1]).toBe(ids[0]);
    expect(await padStatus(server.origin, slug)).toMatchObject({ version: 2 });
  });
});

describe("a delete whose answer is lost", () => {
  it("resolves as deleted when the retry finds the note gone", async () => {
    const { id, note } = await sealNote("deleted once", 2);
    const created = await createNote(server.origin, note);
    proxy.lose("DELETE", /^\/api\/notes\//);
    await deleteNote(proxy.origin, id, { manageToken: created.manageToken }, FAST);
    expect(through("DELETE", /^\/api\/notes\//).map((d) => [d.workerStatus, d.lost])).toEqual([
      [204, true],
      [404, false],
    ]);
    expect((await getReceipt(server.origin, id, created.manageToken)).state).toBe("destroyed");
  });
});
