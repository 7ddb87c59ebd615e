// Issue 11, item 5: authenticate before work. No body is read from or written to KV for a request whose proof has
// not been checked, and no live note can exist without its body. A KV spy sees every call the Worker makes.
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import {
  callWith,
  createNote,
  createUploading,
  inspectNote,
  makeNote,
  noteBodyKeys,
  randomBytes,
  spyKv,
  storedBody,
} from "./helpers";
import { putPart } from "./note-transfer";
import { createPad, type PadFields, padBodyKeys, padKeys, padSql, putPadWith } from "./pad-helpers";

const wrong = () => toBase64Url(randomBytes(32));

describe("opening a note", () => {
  it("reads no body from KV for a wrong proof, and exactly one for the right proof", async () => {
    const note = await createNote({ views: 2 });
    const spy = spyKv();
    expect(
      (await callWith({ NOTES: spy.kv }, "POST", `/api/notes/${note.id}/open`, { json: { proof: wrong() } })).status,
    ).toBe(403);
    expect(spy.calls).toEqual([]);
    expect(
      (await callWith({ NOTES: spy.kv }, "POST", `/api/notes/${note.id}/open`, { json: { proof: note.proof } })).status,
    ).toBe(200);
    expect(spy.calls).toEqual([expect.stringMatching(new RegExp(`^get n/${note.id}/[0-9a-f]{16}$`))]);
  });

  it("reads no body for a v2 link+password note without the right linkProof, even with the right password", async () => {
    const note = await createNote({ views: 1, version: 2, password: true });
    const spy = spyKv();
    expect(
      (await callWith({ NOTES: spy.kv }, "POST", `/api/notes/${note.id}/open`, { json: { proof: note.proof } })).status,
    ).toBe(403);
    expect(
      (
        await callWith({ NOTES: spy.kv }, "POST", `/api/notes/${note.id}/open`, {
          json: { proof: note.proof, linkProof: wrong() },
        })
      ).status,
    ).toBe(403);
    expect(spy.calls).toEqual([]);
  });
});

describe("creating a note and uploading its parts", () => {
  it("writes nothing to KV at create, nor for a taken id; each part goes under a fresh immutable key", async () => {
    const spy = spyKv();
    const note = await makeNote();
    const created = await callWith({ NOTES: spy.kv }, "POST", "/api/notes", { json: note.request });
    expect(created.status).toBe(201);
    const { manageToken } = (await created.json()) as { manageToken: string };
    const rival = await makeNote();
    const clash = { ...rival.request, id: note.id, header: note.request.header };
    expect((await callWith({ NOTES: spy.kv }, "POST", "/api/notes", { json: clash })).status).toBe(409);
    expect(spy.calls).toEqual([]);
    const part = (token: string) =>
      callWith({ NOTES: spy.kv }, "PUT", `/api/notes/${note.id}/parts/0`, {
        raw: note.body,
        headers: {
          "Content-Type": "application/octet-stream",
          "Content-Length": String(note.body.byteLength),
          Authorization: `Bearer ${token}`,
        },
      });
    expect((await part(wrong())).status).toBe(403);
    expect(spy.calls).toEqual([]);
    expect((await part(manageToken)).status).toBe(200);
    expect(spy.calls).toEqual([expect.stringMatching(new RegExp(`^put n/${note.id}/[0-9a-f]{16}$`))]);
    expect(await storedBody(note.id)).toEqual(note.body);
  });

  it("answers 503 for a part KV cannot store, keeps nothing, and the note stays uploading until a retry", async () => {
    const note = await createUploading();
    const spy = spyKv("put");
    const response = await callWith({ NOTES: spy.kv }, "PUT", `/api/notes/${note.id}/parts/0`, {
      raw: note.body,
      headers: {
        "Content-Type": "application/octet-stream",
        "Content-Length": String(note.body.byteLength),
        Authorization: `Bearer ${note.manageToken}`,
      },
    });
    expect(response.status).toBe(503);
    expect(await noteBodyKeys(note.id)).toEqual([]);
    expect((await inspectNote(note.id)).row).toMatchObject({ upload_until: expect.any(Number) });
    expect((await putPart(note.id, 0, note.body, note.manageToken)).status).toBe(200);
    expect((await inspectNote(note.id)).row).toMatchObject({ upload_until: null });
  });
});

describe("notepads", () => {
  it("read no body from KV for a wrong password", async () => {
    const { slug, keys } = await createPad();
    const spy = spyKv();
    expect(
      (await callWith({ NOTES: spy.kv }, "POST", `/api/pads/${slug}/open`, { json: { proof: wrong() } })).status,
    ).toBe(403);
    expect(spy.calls).toEqual([]);
    expect(
      (await callWith({ NOTES: spy.kv }, "POST", `/api/pads/${slug}/open`, { json: { proof: keys.proof } })).status,
    ).toBe(200);
    expect(spy.calls).toHaveLength(1);
  });

  it("write no body to KV for a wrong proof, a stale version or a taken address", async () => {
    const { slug, keys } = await createPad();
    const body = randomBytes(300);
    const spy = spyKv();
    const put = (fields: PadFields) => putPadWith({ NOTES: spy.kv }, slug, fields);
    expect((await put({ version: 1, body, proof: wrong() })).status).toBe(403);
    expect((await put({ version: 7, body, proof: keys.proof })).status).toBe(409);
    const other = await padKeys(slug);
    expect(
      (await put({ version: 0, header: other.header, wrappedKey: other.wrappedKey, verifier: other.verifier, body }))
        .status,
    ).toBe(409);
    expect(spy.calls).toEqual([]);
    expect(await padBodyKeys(slug)).toHaveLength(1);
  });

  it("refuse (400) a save that would replace the header or wrapped key without a new verifier, which would brick the pad", async () => {
    const { slug, keys } = await createPad();
    const other = await padKeys(slug);
    const body = randomBytes(300);
    const spy = spyKv();
    const put = (fields: PadFields) => putPadWith({ NOTES: spy.kv }, slug, fields);
    for (const fields of [
      { version: 1, header: other.header, wrappedKey: keys.wrappedKey, body, proof: keys.proof },
      { version: 1, header: keys.header, wrappedKey: other.wrappedKey, body, proof: keys.proof },
      { version: 1, header: other.header, wrappedKey: other.wrappedKey, proof: keys.proof },
    ]) {
      const response = await put(fields);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: expect.stringMatching(/"verifier"/) });
    }
    expect(spy.calls).toEqual([]);
    expect(await padSql(slug, "SELECT version, header, wrapped_key FROM secret")).toEqual([
      { version: 1, header: keys.header, wrapped_key: keys.wrappedKey },
    ]);
    // A body save may repeat the stored header and wrapped key, or leave them out.
    expect(
      (await put({ version: 1, header: keys.header, wrappedKey: keys.wrappedKey, body, proof: keys.proof })).status,
    ).toBe(200);
    expect((await put({ version: 2, body, proof: keys.proof })).status).toBe(200);
    expect((await put({ version: 3, header: keys.header, body, proof: keys.proof })).status).toBe(400);
    expect((await put({ version: 3, verifier: other.verifier, body, proof: keys.proof })).status).toBe(400);
  });
});
