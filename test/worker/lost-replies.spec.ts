// A create, part upload or save whose call to the object throws after the object's transaction committed (settle()'s
// setAlarm failing, the object reset before replying) must not lose the note or the body the object now names.
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
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
import { putPart, uploadParts } from "./note-transfer";
import { alarmOf, type Faulty, failAfterCommit } from "./object-setup";
import { createPad, freshSlug, openPad, padBodyKeys, padKeys, padStub, putPad } from "./pad-helpers";
import { answer } from "./pad-owner-helpers";

describe("POST /api/notes when the object's create throws", () => {
  it("after committing: answers 201 with the manage token the note holds, sets the alarm, and the note uploads and opens", async () => {
    const note = await makeNote();
    await failAfterCommit(noteStub(note.id));
    const response = await call("POST", "/api/notes", { json: note.request });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { expiresAt: number; manageToken: string; parts: number[] };
    expect(created).toMatchObject({ id: note.id, viewsLeft: 1, manageToken: expect.stringMatching(/^[\w-]{43}$/) });
    expect(await alarmOf(noteStub(note.id))).toBe(created.expiresAt);
    await uploadParts(note.id, created.manageToken, note.body, created.parts);
    const opened = await openNote(note.id, note.proof);
    expect(opened.status).toBe(200);
    expect(opened.meta).toMatchObject({ viewsLeft: 0 });
    expect(opened.body).toEqual(note.body);
    // The manage token answered is the one the note holds.
    expect(
      (
        await call("GET", `/api/notes/${note.id}/receipt`, {
          headers: { Authorization: `Bearer ${created.manageToken}` },
        })
      ).status,
    ).toBe(200);
  });

  it("after committing, when the object cannot be asked again: answers 503 with Retry-After; the same request then answers 201", async () => {
    const note = await makeNote();
    const request = { ...note.request, manageToken: toBase64Url(randomBytes(32)) };
    await failAfterCommit(noteStub(note.id), true);
    const response = await call("POST", "/api/notes", { json: request });
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    expect(await response.json()).toMatchObject({ error: expect.stringMatching(/could not confirm/) });
    expect((await call("GET", `/api/notes/${note.id}`)).status).toBe(404);
    // The client chose the manage token, so its retry is recognised as the create that committed.
    const retry = await call("POST", "/api/notes", { json: request });
    expect(retry.status).toBe(201);
    expect(await retry.json()).toMatchObject({ manageToken: request.manageToken });
    expect(await alarmOf(noteStub(note.id))).not.toBeNull();
  });

  it("before committing: asks again, which creates it; one note, one created event", async () => {
    const note = await makeNote();
    await runInDurableObject(noteStub(note.id), (instance) => {
      (instance as unknown as Faulty).ready = () => {
        delete (instance as unknown as Faulty).ready;
        throw new Error("storage hiccup");
      };
    });
    expect((await call("POST", "/api/notes", { json: note.request })).status).toBe(201);
    const { row, events } = await inspectNote(note.id);
    expect(row).toMatchObject({ header: note.request.header });
    expect(events).toEqual([{ type: "created", reason: null }]);
  });
});

describe("PUT /api/notes/:id/parts/:n when the object's storePart throws", () => {
  it("after committing: keeps the part and answers it stored; the note opens", async () => {
    const note = await createUploading();
    await failAfterCommit(noteStub(note.id));
    const response = await putPart(note.id, 0, note.body, note.manageToken);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ part: 0, partsStored: 1, parts: 1, complete: true });
    expect(await storedBody(note.id)).toEqual(note.body);
    expect((await openNote(note.id, note.proof)).body).toEqual(note.body);
  });

  it("after committing, when the object cannot be asked: keeps the bytes and answers 503; a retry answers stored", async () => {
    const note = await createUploading();
    await failAfterCommit(noteStub(note.id), true);
    const response = await putPart(note.id, 0, note.body, note.manageToken);
    expect(response.status).toBe(503);
    expect(await noteBodyKeys(note.id)).toHaveLength(1);
    const retry = await putPart(note.id, 0, note.body, note.manageToken);
    expect(await retry.json()).toMatchObject({ partsStored: 1, complete: true });
    expect(await noteBodyKeys(note.id)).toHaveLength(1);
  });

  it("before committing: deletes the bytes, which no object names, and answers 503 with Retry-After", async () => {
    const note = await createUploading();
    // beginPart readies the object; storePart, the next call, fails before its transaction.
    await runInDurableObject(noteStub(note.id), (instance) => {
      const faulty = instance as unknown as Faulty;
      const ready = Object.getPrototypeOf(Object.getPrototypeOf(Object.getPrototypeOf(instance))).ready;
      let calls = 0;
      faulty.ready = function (this: unknown, creating: boolean) {
        if (++calls < 2) return ready.call(this, creating);
        delete faulty.ready;
        throw new Error("storage hiccup");
      };
    });
    const response = await putPart(note.id, 0, note.body, note.manageToken);
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    expect(await noteBodyKeys(note.id)).toEqual([]);
  });
});

describe("PUT /api/pads/:slug when the object's save throws", () => {
  it("after committing a new body: keeps it, answers the new version, and the pad opens with it", async () => {
    const { slug, keys, device } = await createPad();
    await failAfterCommit(padStub(slug));
    const body = randomBytes(300);
    const response = await putPad(slug, { version: 1, body, proof: keys.proof, device });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ version: 2 });
    const opened = await openPad(slug, keys.proof, device);
    expect(opened.status).toBe(200);
    expect(await answer(opened)).toMatchObject({ json: { wrappedKey: keys.wrappedKey, version: 2 }, body });
    // The old body, condemned in the committed save, is deleted once the object settles again.
    expect(await padBodyKeys(slug)).toHaveLength(1);
  });

  it("after committing, when the pad cannot be asked: keeps the new body and answers 503 with Retry-After", async () => {
    const { slug, keys, device } = await createPad();
    await failAfterCommit(padStub(slug), true);
    const body = randomBytes(300);
    const response = await putPad(slug, { version: 1, body, proof: keys.proof, device });
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    const opened = await openPad(slug, keys.proof, device);
    expect(opened.status).toBe(200);
    expect(await answer(opened)).toMatchObject({ json: { wrappedKey: keys.wrappedKey, version: 2 }, body });
  });

  it("after committing a create: answers version 1, and the new pad opens", async () => {
    const slug = freshSlug();
    const keys = await padKeys(slug);
    await failAfterCommit(padStub(slug));
    const body = randomBytes(300);
    const response = await putPad(slug, {
      version: 0,
      header: keys.header,
      wrappedKey: keys.wrappedKey,
      verifier: keys.verifier,
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ version: 1 });
    expect(await answer(await openPad(slug, keys.proof))).toMatchObject({ json: { version: 1 }, body });
  });
});

describe("SecretObject.references()", () => {
  it("writes nothing for an object nobody created", async () => {
    const stub = noteStub(toBase64Url(randomBytes(16)));
    expect(await stub.references("n/x/y")).toBe(false);
    const tables = await runInDurableObject(stub, (_i, state) =>
      state.storage.sql.exec("SELECT name FROM sqlite_master").toArray(),
    );
    expect(tables).toEqual([]);
    expect(await env.PAD_OBJECT.get(env.PAD_OBJECT.idFromName(`pad:${freshSlug()}`)).references("p/x")).toBe(false);
  });
});
