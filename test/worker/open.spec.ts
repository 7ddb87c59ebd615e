import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { call, createNote, expectShredded, inspectNote, noteBodyKeys, openNote, randomBytes } from "./helpers";
import { openRaw, readOpened } from "./note-transfer";

const wrongProof = () => toBase64Url(randomBytes(32));

describe("POST /api/notes/:id/open", () => {
  it("returns the body as bytes and the wrapped key in Hushnote-Open to the holder of the proof, then burns a one-time note", async () => {
    const note = await createNote();
    const response = await openRaw(note.id, note.proof);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/octet-stream");
    expect(response.headers.get("Content-Length")).toBe(String(note.body.byteLength));
    const opened = await readOpened(response, note.id);
    expect(opened.meta).toEqual({
      wrappedKey: note.request.wrappedKey,
      viewsLeft: 0,
      size: note.body.byteLength,
      grant: expect.stringMatching(/^[\w-]{43}$/),
      grantExpiresAt: expect.any(Number),
    });
    expect(opened.body).toEqual(note.body);
    await expectShredded(note.id, "burned");
    const again = await openNote(note.id, note.proof);
    expect(again.status).toBe(404);
  });

  it("lets exactly one of 100 concurrent readers open a one-time note", async () => {
    const note = await createNote();
    const responses = await Promise.all(Array.from({ length: 100 }, () => openNote(note.id, note.proof)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 404)).toHaveLength(99);
    await expectShredded(note.id, "burned");
  });

  it("gives exactly five of 60 concurrent readers a 5-view note, counting down 4,3,2,1,0", async () => {
    const note = await createNote({ views: 5 });
    const responses = await Promise.all(Array.from({ length: 60 }, () => openNote(note.id, note.proof)));
    const granted = responses.filter((r) => r.status === 200);
    expect(granted).toHaveLength(5);
    expect(responses.filter((r) => r.status === 404)).toHaveLength(55);
    expect(granted.map((r) => r.meta!.viewsLeft).sort()).toEqual([0, 1, 2, 3, 4]);
    await expectShredded(note.id, "burned");
  });

  it("keeps a views-null note open until it expires", async () => {
    const note = await createNote({ views: null });
    for (let i = 0; i < 5; i++) {
      const response = await openNote(note.id, note.proof);
      expect(response.meta).toMatchObject({ viewsLeft: null });
    }
    expect((await inspectNote(note.id)).events.filter((e) => e.type === "opened")).toHaveLength(5);
  });

  it('answers a wrong proof for a link-only note with 403 "wrong key": no tries counted, no view consumed', async () => {
    const note = await createNote({ views: 2 });
    const response = await openNote(note.id, wrongProof());
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ status: 403, error: expect.stringMatching(/^Wrong key/) });
    expect((await inspectNote(note.id)).row).toMatchObject({ views_left: 2, failed_proofs: 0 });
  });

  it("answers a link holder's wrong password with 403 and the tries left, and consumes no view", async () => {
    const note = await createNote({ views: 2, version: 2, password: true });
    const response = await openNote(note.id, wrongProof(), note.linkProof);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      status: 403,
      error: expect.stringMatching(/password is wrong/),
      triesLeft: 9,
    });
    expect((await inspectNote(note.id)).row).toMatchObject({ views_left: 2, failed_proofs: 1 });
  });

  // Until issue 11 this destroyed any link-key note after 10 random proofs; now only link holders' wrong passwords count.
  it("destroys a link+password note with reason lockout after 10 wrong passwords from a link holder", async () => {
    const note = await createNote({ views: 3, version: 2, password: true });
    const tries: number[] = [];
    for (let i = 0; i < 10; i++) {
      const response = await openNote(note.id, wrongProof(), note.linkProof);
      expect(response.status).toBe(403);
      tries.push(((await response.json()) as { triesLeft: number }).triesLeft);
    }
    expect(tries).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    await expectShredded(note.id, "lockout");
    expect((await openNote(note.id, note.proof, note.linkProof)).status).toBe(404);
  });

  it("answers 503 with Retry-After when the body has not reached KV yet, and consumes nothing", async () => {
    const note = await createNote({ views: 1 });
    const [key] = await noteBodyKeys(note.id);
    await env.NOTES.delete(key!);
    const response = await openNote(note.id, note.proof);
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("2");
    expect(await response.json()).toMatchObject({ status: 503, error: expect.stringMatching(/nothing was used up/) });
    expect((await inspectNote(note.id)).row).toMatchObject({ views_left: 1, destroyed_at: null });
  });

  it("answers the same 404 for a note that never existed", async () => {
    const response = await openNote(toBase64Url(randomBytes(16)), wrongProof());
    expect(response.status).toBe(404);
    const burned = await createNote();
    await openNote(burned.id, burned.proof);
    const after = await openNote(burned.id, burned.proof);
    expect(await after.json()).toEqual(await response.json());
  });
});

/**
 * The note KV as the Worker sees it, whose body reads all wait for one another: each reader reads the body, then waits
 * until `readers` have, so every one of them has passed authorize and read KV before any of them asks to consume.
 */
function heldReads(readers: number) {
  let arrived = 0;
  let release!: () => void;
  const together = new Promise<void>((resolve) => (release = resolve));
  // A reader that never reaches KV would hold the rest forever; let them go and let the count below fail instead.
  const fallback = setTimeout(release, 5000);
  const kv = new Proxy(env.NOTES, {
    get(target, property) {
      if (property !== "get") return Reflect.get(target, property);
      return async (...args: Parameters<KVNamespace["get"]>) => {
        const value = await (target.get as (...a: unknown[]) => Promise<unknown>)(...args);
        if (++arrived === readers) {
          clearTimeout(fallback);
          release();
        }
        await together;
        return value;
      };
    },
  });
  return { kv, arrived: () => arrived };
}

describe("concurrent opens across authorize → KV read → consume", () => {
  it.each([[1], [2]])(
    "gives exactly %i of 50 readers, all authorized and holding the body at once, a view; the rest 404, never a 5xx",
    async (views) => {
      const note = await createNote({ views });
      const held = heldReads(50);
      const open = async () =>
        readOpened(await openRaw(note.id, note.proof, null, undefined, { NOTES: held.kv }), note.id);
      const responses = await Promise.all(Array.from({ length: 50 }, open));
      expect(held.arrived()).toBe(50);
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      const granted = responses.filter((r) => r.status === 200);
      expect(granted).toHaveLength(views);
      expect(statuses.filter((s) => s === 404)).toHaveLength(50 - views);
      expect(granted.map((r) => r.meta!.viewsLeft).sort()).toEqual(views === 1 ? [0] : [0, 1]);
      await expectShredded(note.id, "burned");
    },
  );
});

describe("GET /api/notes/:id", () => {
  it("shows the header, expiry and views left without consuming a view, however often it is asked", async () => {
    const note = await createNote({ views: 1 });
    for (let i = 0; i < 3; i++) {
      const response = await call("GET", `/api/notes/${note.id}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        id: note.id,
        header: note.request.header,
        expiresAt: note.expiresAt,
        viewsLeft: 1,
        size: note.body.byteLength,
      });
    }
    expect((await openNote(note.id, note.proof)).status).toBe(200);
  });

  it("writes nothing to storage when asked about an unknown id", async () => {
    const id = toBase64Url(randomBytes(16));
    expect((await call("GET", `/api/notes/${id}`)).status).toBe(404);
    const { runInDurableObject } = await import("cloudflare:test");
    const stub = env.NOTE_OBJECT.get(env.NOTE_OBJECT.idFromName(`note:${id}`));
    const tables = await runInDurableObject(stub, (_i, state) =>
      state.storage.sql.exec("SELECT name FROM sqlite_master").toArray(),
    );
    expect(tables).toEqual([]);
  });
});
