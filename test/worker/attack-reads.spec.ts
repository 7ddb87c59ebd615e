/** Attacks on the open path when a read fails: a part missing from KV, a racer for the last view (split from attack-grants). */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { bytesOf, grantFor, grantsOf } from "./grant-setup";
import { createNote, inspectNote, noteBodyKeys } from "./helpers";
import { openRaw, readBody } from "./note-transfer";

describe("a read that fails", () => {
  it("with a part missing from KV answers 503, consumes no view and issues no grant; the next try opens", async () => {
    const note = await createNote({ bodyBytes: 2000 });
    const [key] = await noteBodyKeys(note.id);
    await env.NOTES.delete(key!);
    const missing = await openRaw(note.id, note.proof);
    expect(missing.status).toBe(503);
    expect(missing.headers.get("Retry-After")).toBe("2");
    expect(missing.headers.get("Hushnote-Open")).toBeNull();
    const { row, events } = await inspectNote(note.id);
    expect(row).toMatchObject({ views_left: 1, destroyed_at: null });
    expect(events.map((e) => e.type)).toEqual(["created"]);
    expect(await grantsOf(note.id)).toBe(0);
    await env.NOTES.put(key!, note.body);
    expect(await bytesOf(await openRaw(note.id, note.proof))).toEqual(note.body);
  });

  it("with a part missing during a grant answers 503 and leaves the grant and the held body's record as they were", async () => {
    const note = await createNote({ bodyBytes: 2000 });
    const grant = await grantFor(note);
    const [key] = await noteBodyKeys(note.id);
    await env.NOTES.delete(key!);
    expect((await readBody(note.id, grant)).status).toBe(503);
    expect(await grantsOf(note.id)).toBe(1);
    await env.NOTES.put(key!, note.body);
    expect(await bytesOf(await readBody(note.id, grant, "bytes=1000-"))).toEqual(note.body.subarray(1000));
  });

  it("lost to a racer for the last view leaves exactly one grant: the winner's", async () => {
    const note = await createNote({ bodyBytes: 1000 });
    const answers = await Promise.all(Array.from({ length: 20 }, () => openRaw(note.id, note.proof)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 404)).toBe(true);
    await Promise.all(answers.map((r) => r.body?.cancel()));
    expect(await grantsOf(note.id)).toBe(1);
  });
});
