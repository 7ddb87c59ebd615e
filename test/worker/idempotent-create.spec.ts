// POST /api/notes with the client's manage token: a retry whose first answer was lost is answered as the first was,
// writing nothing; anything that is not that same create is the 409 of an id in use (SPEC §1a).
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { type CreatedNote, call, encodeJson, inspectNote, makeNote, noteStub, openNote, randomBytes } from "./helpers";
import { uploadParts } from "./note-transfer";
import { sql } from "./object-setup";

const token = () => toBase64Url(randomBytes(32));
const create = (json: unknown) => call("POST", "/api/notes", { json });

/** A note request carrying its own manage token, created once (201). */
async function createdOnce(options: Parameters<typeof makeNote>[0] = {}) {
  const note = await makeNote(options);
  const request = { ...note.request, manageToken: token() };
  const response = await create(request);
  expect(response.status).toBe(201);
  return { ...note, request, first: (await response.json()) as CreatedNote };
}

describe("POST /api/notes with the client's manageToken", () => {
  it("uses and echoes the token, keeping only its SHA-256", async () => {
    const { request, first, id } = await createdOnce();
    expect(first.manageToken).toBe(request.manageToken);
    const { row } = await inspectNote(id);
    const hash = await crypto.subtle.digest("SHA-256", Uint8Array.from(atob(toStd(request.manageToken)), ch));
    expect(new Uint8Array(row!.manage_hash as ArrayBuffer)).toEqual(new Uint8Array(hash));
  });

  it("answers a repeat 201 exactly as the first time, and writes nothing: same row, one created event", async () => {
    const { request, first, id } = await createdOnce({ views: 3, bodyBytes: 30_000_000 });
    const before = await sql(noteStub(id), "SELECT * FROM secret");
    for (let i = 0; i < 3; i++) {
      const again = await create(request);
      expect(again.status).toBe(201);
      expect(await again.json()).toEqual(first);
    }
    expect(first).toMatchObject({ viewsLeft: 3, parts: [expect.any(Number), expect.any(Number)] });
    expect(await sql(noteStub(id), "SELECT * FROM secret")).toEqual(before);
    expect((await inspectNote(id)).events).toEqual([{ type: "created", reason: null }]);
  });

  it("answers a repeat after the upload as created too (the note is live), and the note still opens once", async () => {
    const { request, first, id, body, proof } = await createdOnce();
    await uploadParts(id, first.manageToken, body, first.parts);
    expect(await (await create(request)).json()).toEqual(first);
    expect((await openNote(id, proof)).body).toEqual(body);
    // Burned now: its id is not free, and not this create's any more.
    expect((await create(request)).status).toBe(409);
  });

  it.each([
    ["another manage token", () => ({ manageToken: token() })],
    ["no manage token (the server draws one)", () => ({ manageToken: undefined })],
    ["another verifier", () => ({ verifier: token() })],
    ["another wrapped key", () => ({ wrappedKey: toBase64Url(randomBytes(60)) })],
    ["another size", () => ({ size: 201 })],
  ])("answers 409 for the same id with %s, and changes nothing", async (_what, change) => {
    const { request, id } = await createdOnce();
    const before = await sql(noteStub(id), "SELECT * FROM secret");
    const response = await create({ ...request, ...change() });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ status: 409, error: expect.stringMatching(/already taken/) });
    expect(await sql(noteStub(id), "SELECT * FROM secret")).toEqual(before);
  });

  it("answers 409 for the same id with another header (here: other views and ttl)", async () => {
    const { request, id } = await createdOnce({ views: 2 });
    const forged = encodeJson({ v: 1, kind: "note", id, kdf: null, link: true, views: 1, ttl: 300 });
    const response = await create({ ...request, header: forged, views: 1, ttl: 300 });
    expect(response.status).toBe(409);
    expect((await create(request)).status).toBe(201);
  });

  it("answers 409 for a v2 note's repeat with another link verifier", async () => {
    const { request } = await createdOnce({ version: 2 });
    expect((await create({ ...request, linkVerifier: token() })).status).toBe(409);
    expect((await create(request)).status).toBe(201);
  });

  it("answers 409 for the id of a destroyed note, even with its own manage token", async () => {
    const { request, id, first } = await createdOnce();
    const revoke = await call("DELETE", `/api/notes/${id}`, {
      headers: { Authorization: `Bearer ${first.manageToken}` },
    });
    expect(revoke.status).toBe(204);
    expect((await create(request)).status).toBe(409);
    expect((await inspectNote(id)).events.map((e) => e.type)).toEqual(["created", "destroyed"]);
  });

  it("answers 409 for an expired note's repeat, which it destroys as expired", async () => {
    const { request, id } = await createdOnce();
    await sql(noteStub(id), "UPDATE secret SET expires_at = 1");
    expect((await create(request)).status).toBe(409);
    expect((await inspectNote(id)).row).toMatchObject({ reason: "expired", wrapped_key: null });
  });

  it.each([
    ["31 bytes", toBase64Url(randomBytes(31))],
    ["33 bytes", toBase64Url(randomBytes(33))],
    ["standard base64", "+".repeat(43)],
    ["padding", `${token()}=`],
    ["a number", 7],
  ])("refuses a manageToken of %s with 400 and stores nothing", async (_what, manageToken) => {
    const note = await makeNote();
    const response = await create({ ...note.request, manageToken });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ status: 400, error: expect.stringContaining('"manageToken"') });
    expect((await inspectNote(note.id)).row).toBeNull();
  });
});

const toStd = (b64url: string) => b64url.replace(/-/g, "+").replace(/_/g, "/");
const ch = (c: string) => c.charCodeAt(0);
