// Issue 11, item 5: authenticate before work. No body is read from or written to KV for a request whose proof has
// not been checked, and no live note can exist without its body. A KV spy sees every call the Worker makes.
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { callWith, createNote, inspectNote, makeNote, noteBodyKeys, randomBytes, spyKv, storedBody } from "./helpers";
import { createPad, padBodyKeys, padKeys, padSql } from "./pad-helpers";

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

describe("creating a note", () => {
  it("writes the body first, under a fresh immutable key, and deletes its own upload when the id is taken", async () => {
    const first = await createNote();
    const [firstKey] = await noteBodyKeys(first.id);
    expect(firstKey).toMatch(new RegExp(`^n/${first.id}/[0-9a-f]{16}$`));
    const rival = await makeNote();
    const spy = spyKv();
    const response = await callWith({ NOTES: spy.kv }, "POST", "/api/notes", {
      json: { ...rival.request, id: first.id, header: first.request.header },
    });
    expect(response.status).toBe(409);
    const [put, removed] = spy.calls;
    expect(put).toMatch(new RegExp(`^put n/${first.id}/[0-9a-f]{16}$`));
    expect(removed).toBe(put!.replace("put", "delete"));
    expect(await noteBodyKeys(first.id)).toEqual([firstKey]);
    expect(await storedBody(first.id)).toEqual(first.body);
  });

  it("creates no note at all when its body cannot be stored", async () => {
    const note = await makeNote();
    const spy = spyKv("put");
    const response = await callWith({ NOTES: spy.kv }, "POST", "/api/notes", { json: note.request });
    expect(response.status).toBe(503);
    expect((await inspectNote(note.id)).row).toBeNull();
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
    const body = toBase64Url(randomBytes(300));
    const spy = spyKv();
    const put = (json: Record<string, unknown>) => callWith({ NOTES: spy.kv }, "PUT", `/api/pads/${slug}`, { json });
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
    const body = toBase64Url(randomBytes(300));
    const spy = spyKv();
    const put = (json: Record<string, unknown>) => callWith({ NOTES: spy.kv }, "PUT", `/api/pads/${slug}`, { json });
    for (const json of [
      { version: 1, header: other.header, wrappedKey: keys.wrappedKey, body, proof: keys.proof },
      { version: 1, header: keys.header, wrappedKey: other.wrappedKey, body, proof: keys.proof },
      { version: 1, header: other.header, wrappedKey: other.wrappedKey, proof: keys.proof },
    ]) {
      const response = await put(json);
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
