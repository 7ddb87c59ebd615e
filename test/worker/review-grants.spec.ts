// Review (issue 13): a client-chosen grant, as someone who holds it, a copy of it, or only the note's id would use it.
// What the repeat skips (the proof) it may skip only for the grant's own note, and only while nothing ended the note.
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { createNote, expectShredded, inspectNote, openNote, randomBytes } from "./helpers";
import { openWithGrant, readBody, readOpened } from "./note-transfer";

const newGrant = () => toBase64Url(randomBytes(32));
let counter = 1;
const freshIp = () => `198.51.100.${counter++}`;

describe("a grant's repeat and what ends a note", () => {
  it("dies with a lockout: 10 wrong passwords from link holders end the repeat and the body", async () => {
    const note = await createNote({ views: 3, version: 2, password: true });
    const grant = newGrant();
    expect((await readOpened(await openWithGrant(note.id, note.proof, grant, note.linkProof))).status).toBe(200);
    for (let i = 0; i < 10; i++) await openNote(note.id, newGrant(), note.linkProof, freshIp());
    await expectShredded(note.id, "lockout");
    expect((await openWithGrant(note.id, note.proof, grant, note.linkProof)).status).toBe(404);
    expect((await readBody(note.id, grant)).status).toBe(404);
  });
});

describe("one grant sent with opens of two notes", () => {
  it("keeps each note's own answer, and opens neither without its own proof", async () => {
    const a = await createNote({ views: 2 });
    const b = await createNote({ views: 2 });
    const grant = newGrant();
    // Before b has issued it, the grant is nothing there: a's proof, or a wrong one, gets b's refusal.
    expect((await openWithGrant(a.id, a.proof, grant)).status).toBe(200);
    expect((await openWithGrant(b.id, a.proof, grant)).status).toBe(403);
    expect((await inspectNote(b.id)).row).toMatchObject({ views_left: 2 });
    const first = await readOpened(await openWithGrant(b.id, b.proof, grant));
    expect(first.meta).toMatchObject({ wrappedKey: b.request.wrappedKey, viewsLeft: 1 });
    // Repeats, proof or none: each note answers its own wrapped key and body, consuming nothing more.
    const againA = await readOpened(await openWithGrant(a.id, newGrant().slice(0, 43), grant));
    const againB = await readOpened(await openWithGrant(b.id, a.proof, grant));
    expect(againA.meta).toMatchObject({ wrappedKey: a.request.wrappedKey, viewsLeft: 1 });
    expect(againA.body).toEqual(a.body);
    expect(againB.meta).toEqual(first.meta);
    expect(againB.body).toEqual(b.body);
    expect((await inspectNote(a.id)).row).toMatchObject({ views_left: 1 });
    expect((await inspectNote(b.id)).row).toMatchObject({ views_left: 1 });
  });
});
