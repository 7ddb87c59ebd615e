// Issue 12: a note's body arrives in parts after create, each its own request that can be retried alone; the note is
// invisible until every part is stored, and an upload that stops is removed by its alarm.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { ciphertextLength, MAX_PART_SIZE, partSizes } from "../../crypto/parts";
import {
  call,
  createUploading,
  inspectNote,
  makeNote,
  noteBodyKeys,
  noteStub,
  openNote,
  randomBytes,
  storedBody,
} from "./helpers";
import { putPart } from "./note-transfer";

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const receipt = async (id: string, token: string) =>
  (await call("GET", `/api/notes/${id}/receipt`, { headers: bearer(token) })).json();

/** A v1 note of two parts whose second is `tail` bytes: part 1 is small enough to upload alone in a test. */
const twoParts = (tail = 100) => ({ bodyBytes: ciphertextLength(384 * 65_536 + tail, 1), ttl: 86400 });

/** A request body stream that delivers `bytes` and then ends, with no length of its own. */
const streamOf = (bytes: Uint8Array) =>
  new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  }) as unknown as BodyInit;

describe("POST /api/notes answers the parts to upload", () => {
  it("cuts the body into parts of 384 records, the last one shorter, and the note waits for them", async () => {
    const size = ciphertextLength(2 * 384 * 65_536 + 1000, 2);
    const { request } = await makeNote({ version: 2 });
    const response = await call("POST", "/api/notes", { json: { ...request, size } });
    const created = (await response.json()) as { parts: number[]; manageToken: string };
    expect(created.parts).toEqual(partSizes(size, 2));
    expect(created.parts).toEqual([MAX_PART_SIZE, 384 * 65_552, 1016]);
    expect(await receipt(request.id, created.manageToken)).toMatchObject({
      state: "uploading",
      partsStored: 0,
      parts: 3,
    });
  });
});

describe("PUT /api/notes/:id/parts/:n", () => {
  it("stores a part under the manage token; the last one makes the note readable", async () => {
    const note = await createUploading({ views: 2 });
    expect((await call("GET", `/api/notes/${note.id}`)).status).toBe(404);
    expect((await openNote(note.id, note.proof)).status).toBe(404);
    const response = await putPart(note.id, 0, note.body, note.manageToken);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ part: 0, partsStored: 1, parts: 1, complete: true });
    expect(await storedBody(note.id)).toEqual(note.body);
    expect(await receipt(note.id, note.manageToken)).toMatchObject({ state: "live", partsStored: 1, parts: 1 });
    expect((await call("GET", `/api/notes/${note.id}`)).status).toBe(200);
    expect((await openNote(note.id, note.proof)).body).toEqual(note.body);
  });

  it("answers an uploading note's readers with the same 404 as a note that never existed", async () => {
    const note = await createUploading();
    const unknown = toBase64Url(randomBytes(16));
    for (const path of ["", "/open"]) {
      const method = path ? "POST" : "GET";
      const json = path ? { proof: note.proof } : undefined;
      const uploading = await call(method, `/api/notes/${note.id}${path}`, { json });
      const never = await call(method, `/api/notes/${unknown}${path}`, { json });
      expect(uploading.status).toBe(404);
      expect(await uploading.json()).toEqual(await never.json());
    }
    expect((await call("DELETE", `/api/notes/${note.id}`, { json: { proof: note.proof } })).status).toBe(404);
  });

  it("answers a retry of a stored part as stored without reading it, and keeps one copy", async () => {
    const note = await createUploading();
    expect((await putPart(note.id, 0, note.body, note.manageToken)).status).toBe(200);
    const retry = await putPart(note.id, 0, randomBytes(note.body.byteLength), note.manageToken);
    expect(await retry.json()).toEqual({ part: 0, partsStored: 1, parts: 1, complete: true });
    expect(await noteBodyKeys(note.id)).toHaveLength(1);
    expect(await storedBody(note.id)).toEqual(note.body);
  });

  it("stores exactly one of the same part uploaded twice at once and deletes the other's bytes", async () => {
    const note = await createUploading({ bodyBytes: 4096 });
    const answers = await Promise.all([1, 2].map(() => putPart(note.id, 0, note.body, note.manageToken)));
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect(await Promise.all(answers.map((r) => r.json()))).toEqual([
      { part: 0, partsStored: 1, parts: 1, complete: true },
      { part: 0, partsStored: 1, parts: 1, complete: true },
    ]);
    expect(await noteBodyKeys(note.id)).toHaveLength(1);
    expect((await inspectNote(note.id)).doomed).toEqual([]);
  });

  it("refuses a wrong or missing manage token (403) and writes nothing", async () => {
    const note = await createUploading();
    expect((await putPart(note.id, 0, note.body, toBase64Url(randomBytes(32)))).status).toBe(403);
    const anonymous = await call("PUT", `/api/notes/${note.id}/parts/0`, {
      raw: note.body,
      headers: { "Content-Type": "application/octet-stream", "Content-Length": String(note.body.byteLength) },
    });
    expect(anonymous.status).toBe(403);
    expect(await noteBodyKeys(note.id)).toEqual([]);
  });

  it("refuses bytes of another length than the part's: 411 without Content-Length, 413 above, 400 below", async () => {
    const note = await createUploading();
    const size = note.body.byteLength;
    expect((await putPart(note.id, 0, streamOf(note.body), note.manageToken)).status).toBe(411);
    const longer = randomBytes(size + 1);
    expect((await putPart(note.id, 0, longer, note.manageToken)).status).toBe(413);
    expect((await putPart(note.id, 0, note.body.subarray(1), note.manageToken)).status).toBe(400);
    const huge = await putPart(note.id, 0, note.body, note.manageToken, { "Content-Length": `${MAX_PART_SIZE + 1}` });
    expect(huge.status).toBe(413);
    const typed = await putPart(note.id, 0, note.body, note.manageToken, { "Content-Type": "application/json" });
    expect(typed.status).toBe(415);
    expect(await noteBodyKeys(note.id)).toEqual([]);
    expect(await receipt(note.id, note.manageToken)).toMatchObject({ state: "uploading", partsStored: 0 });
  });

  it("answers 400 and records nothing when the stream delivers fewer or more bytes than its Content-Length", async () => {
    const note = await createUploading({ bodyBytes: 20_000 });
    const size = note.body.byteLength;
    const declared = { "Content-Length": String(size) };
    const short = streamOf(note.body.subarray(0, size - 100));
    expect((await putPart(note.id, 0, short, note.manageToken, declared)).status).toBe(400);
    const long = streamOf(randomBytes(size + 100));
    expect((await putPart(note.id, 0, long, note.manageToken, declared)).status).toBe(400);
    // The Worker deletes what it wrote, but the local runtime's KV may still land a failed stream's bytes after the put
    // rejected (body-stream.spec.ts): what matters is that the object names no such part, and KV's expirationTtl ends it.
    expect(await storedBody(note.id)).toBeNull();
    expect(await receipt(note.id, note.manageToken)).toMatchObject({ state: "uploading", partsStored: 0 });
    expect((await putPart(note.id, 0, note.body, note.manageToken)).status).toBe(200);
  });

  it("answers 409 for a part number the note does not have, and 400 for one that is no number", async () => {
    const note = await createUploading();
    expect((await putPart(note.id, 1, note.body, note.manageToken)).status).toBe(409);
    for (const n of ["01", "-1", "x", "1.5"]) {
      const response = await call("PUT", `/api/notes/${note.id}/parts/${n}`, {
        raw: note.body,
        headers: { "Content-Type": "application/octet-stream", ...bearer(note.manageToken) },
      });
      expect(response.status).toBe(400);
    }
    expect(await noteBodyKeys(note.id)).toEqual([]);
  });

  it("answers 404 for a note that is gone", async () => {
    const note = await createUploading();
    expect((await call("DELETE", `/api/notes/${note.id}`, { headers: bearer(note.manageToken) })).status).toBe(204);
    expect((await putPart(note.id, 0, note.body, note.manageToken)).status).toBe(404);
    expect(await noteBodyKeys(note.id)).toEqual([]);
  });
});

describe("an upload that stops", () => {
  it("is destroyed by its alarm an hour after the last stored part (reason incomplete), parts deleted", async () => {
    const note = await createUploading(twoParts());
    const before = Date.now();
    expect(await (await putPart(note.id, 1, note.body.subarray(note.parts[0]), note.manageToken)).json()).toEqual({
      part: 1,
      partsStored: 1,
      parts: 2,
      complete: false,
    });
    const { row } = await inspectNote(note.id);
    expect(row!.upload_until).toBeGreaterThanOrEqual(before + 3600_000);
    const stub = noteStub(note.id);
    expect(await runInDurableObject(stub, (_i, state) => state.storage.getAlarm())).toBe(row!.upload_until);
    expect(await noteBodyKeys(note.id)).toHaveLength(1);
    await runInDurableObject(stub, (_i, state) => state.storage.sql.exec("UPDATE secret SET upload_until = 1"));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await noteBodyKeys(note.id)).toEqual([]);
    expect(await receipt(note.id, note.manageToken)).toMatchObject({
      state: "destroyed",
      reason: "incomplete",
      partsStored: 0,
    });
    expect((await putPart(note.id, 0, note.body.subarray(0, note.parts[0]), note.manageToken)).status).toBe(404);
  });

  it("is cancelled by the creator's DELETE, parts and all (reason deleted)", async () => {
    const note = await createUploading(twoParts());
    await putPart(note.id, 1, note.body.subarray(note.parts[0]), note.manageToken);
    expect((await call("DELETE", `/api/notes/${note.id}`, { headers: bearer(note.manageToken) })).status).toBe(204);
    expect(await noteBodyKeys(note.id)).toEqual([]);
    expect(await receipt(note.id, note.manageToken)).toMatchObject({ state: "destroyed", reason: "deleted" });
  });
});
