// A create or save whose call to the object throws after the object's transaction committed (settle()'s setAlarm
// failing, the object reset before replying) must not lose the body that the live note or notepad now names.
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { call, makeNote, noteBodyKeys, noteStub, openNote, randomBytes } from "./helpers";
import { createPad, freshSlug, openPad, padBodyKeys, padKeys, padStub, putPad } from "./pad-helpers";

interface Faulty {
  settle?: () => Promise<void>;
  ready?: (creating: boolean) => boolean;
}

/**
 * Arms the object so that the first settle() after its row's body key changed throws, as a failed setAlarm would:
 * the transaction has committed, the call throws. With `unreachable` the next call after that (the Worker's question
 * whether the object names the body) throws too, as if the object could not be asked.
 */
function failAfterCommit(stub: DurableObjectStub, unreachable = false) {
  return runInDurableObject(stub, (instance, state) => {
    const bodyKey = () => {
      const exists = state.storage.sql.exec("SELECT 1 FROM sqlite_master WHERE name = 'secret'").toArray().length > 0;
      return exists ? (state.storage.sql.exec("SELECT body_key FROM secret").toArray()[0]?.body_key ?? null) : null;
    };
    const before = bodyKey();
    const faulty = instance as unknown as Faulty;
    const settle = Object.getPrototypeOf(Object.getPrototypeOf(instance)).settle as () => Promise<void>;
    faulty.settle = function (this: unknown) {
      if (bodyKey() === before) return settle.call(this);
      delete faulty.settle;
      if (unreachable) {
        faulty.ready = () => {
          delete faulty.ready;
          throw new Error("object unreachable");
        };
      }
      return Promise.reject(new Error("setAlarm failed"));
    };
  });
}

const alarmOf = (stub: DurableObjectStub) => runInDurableObject(stub, (_i, state) => state.storage.getAlarm());

describe("POST /api/notes when the object's create throws", () => {
  it("after committing: keeps the body, answers 201 (the note is the caller's), sets the alarm, and the note opens", async () => {
    const note = await makeNote();
    await failAfterCommit(noteStub(note.id));
    const response = await call("POST", "/api/notes", { json: note.request });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { expiresAt: number; manageToken: string };
    expect(created).toMatchObject({ id: note.id, viewsLeft: 1, manageToken: expect.stringMatching(/^[\w-]{43}$/) });
    expect(await alarmOf(noteStub(note.id))).toBe(created.expiresAt);
    expect(await noteBodyKeys(note.id)).toHaveLength(1);
    const opened = await openNote(note.id, note.proof);
    expect(opened.status).toBe(200);
    expect(await opened.json()).toMatchObject({ body: note.request.body, viewsLeft: 0 });
    // The manage token answered is the one the note holds.
    expect(
      (
        await call("GET", `/api/notes/${note.id}/receipt`, {
          headers: { Authorization: `Bearer ${created.manageToken}` },
        })
      ).status,
    ).toBe(200);
  });

  it("after committing, when the object cannot be asked: keeps the body and answers 503 with Retry-After", async () => {
    const note = await makeNote();
    await failAfterCommit(noteStub(note.id), true);
    const response = await call("POST", "/api/notes", { json: note.request });
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    expect(await response.json()).toMatchObject({ error: expect.stringMatching(/could not confirm/) });
    expect(await noteBodyKeys(note.id)).toHaveLength(1);
    // The note did commit, so it must still open: deleting its body would have bricked it.
    expect((await openNote(note.id, note.proof)).status).toBe(200);
  });

  it("before committing: deletes the upload, since no object names it, and no note exists", async () => {
    const note = await makeNote();
    await runInDurableObject(noteStub(note.id), (instance) => {
      (instance as unknown as Faulty).ready = () => {
        delete (instance as unknown as Faulty).ready;
        throw new Error("storage hiccup");
      };
    });
    expect((await call("POST", "/api/notes", { json: note.request })).status).toBe(500);
    expect(await noteBodyKeys(note.id)).toEqual([]);
    expect((await call("GET", `/api/notes/${note.id}`)).status).toBe(404);
  });
});

describe("PUT /api/pads/:slug when the object's save throws", () => {
  it("after committing a new body: keeps it, answers the new version, and the pad opens with it", async () => {
    const { slug, keys, device } = await createPad();
    await failAfterCommit(padStub(slug));
    const body = toBase64Url(randomBytes(300));
    const response = await putPad(slug, { version: 1, body, proof: keys.proof, device });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ version: 2 });
    const opened = await openPad(slug, keys.proof, device);
    expect(opened.status).toBe(200);
    expect(await opened.json()).toEqual({ wrappedKey: keys.wrappedKey, body, version: 2 });
    // The old body, condemned in the committed save, is deleted once the object settles again.
    expect(await padBodyKeys(slug)).toHaveLength(1);
  });

  it("after committing, when the pad cannot be asked: keeps the new body and answers 503 with Retry-After", async () => {
    const { slug, keys, device } = await createPad();
    await failAfterCommit(padStub(slug), true);
    const body = toBase64Url(randomBytes(300));
    const response = await putPad(slug, { version: 1, body, proof: keys.proof, device });
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    const opened = await openPad(slug, keys.proof, device);
    expect(opened.status).toBe(200);
    expect(await opened.json()).toEqual({ wrappedKey: keys.wrappedKey, body, version: 2 });
  });

  it("after committing a create: answers version 1, and the new pad opens", async () => {
    const slug = freshSlug();
    const keys = await padKeys(slug);
    await failAfterCommit(padStub(slug));
    const body = toBase64Url(randomBytes(300));
    const response = await putPad(slug, {
      version: 0,
      header: keys.header,
      wrappedKey: keys.wrappedKey,
      verifier: keys.verifier,
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ version: 1 });
    expect(await openPad(slug, keys.proof).then((r) => r.json())).toMatchObject({ body, version: 1 });
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
