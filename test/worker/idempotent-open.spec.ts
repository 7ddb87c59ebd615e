// POST /api/notes/:id/open with the client's grant: a retry whose first answer was lost gets that answer again (same
// wrapped key, views left and whole body) while the grant lasts, consuming nothing; nobody without the grant can.
import { describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "../../crypto/base64url";
import { openEscrow, sealEscrow } from "../../worker/grant-escrow";
import { call, createNote, inspectNote, noteBodyKeys, noteStub, randomBytes, sha256 } from "./helpers";
import { finishBody, openWithGrant, readOpened } from "./note-transfer";
import { buffer, readerProof, sql } from "./object-setup";

const newGrant = () => toBase64Url(randomBytes(32));
const opens = async (id: string) => (await inspectNote(id)).events.filter((e) => e.type === "opened").length;
const repeat = async (note: { id: string; proof: string }, grant: string) =>
  readOpened(await openWithGrant(note.id, note.proof, grant));

describe("POST /api/notes/:id/open with the client's grant", () => {
  it("echoes the grant; a repeat answers the same wrapped key, views left and whole body, consuming nothing", async () => {
    const note = await createNote({ views: 3 });
    const grant = newGrant();
    const first = await repeat(note, grant);
    expect(first.meta).toMatchObject({ grant, viewsLeft: 2, wrappedKey: note.request.wrappedKey, size: 200 });
    for (let i = 0; i < 3; i++) {
      const again = await repeat(note, grant);
      expect(again.status).toBe(200);
      expect(again.meta).toEqual(first.meta);
      expect(again.body).toEqual(note.body);
    }
    expect((await inspectNote(note.id)).row).toMatchObject({ views_left: 2 });
    expect(await opens(note.id)).toBe(1);
    // Another grant is another open: it consumes the next view.
    expect((await repeat(note, newGrant())).meta).toMatchObject({ viewsLeft: 1 });
  });

  it("answers the repeat after the open burned a one-time note, until the reader finishes; then 404", async () => {
    const note = await createNote({ views: 1 });
    const grant = newGrant();
    const first = await repeat(note, grant);
    expect(first.meta).toMatchObject({ viewsLeft: 0 });
    expect((await inspectNote(note.id)).row).toMatchObject({ wrapped_key: null, reason: "burned" });
    const again = await repeat(note, grant);
    expect(again.meta).toEqual(first.meta);
    expect(again.body).toEqual(note.body);
    expect((await inspectNote(note.id)).events.map((e) => e.type)).toEqual(["created", "opened", "destroyed"]);
    expect((await finishBody(note.id, grant)).status).toBe(204);
    expect((await repeat(note, grant)).status).toBe(404);
    expect(await noteBodyKeys(note.id)).toEqual([]);
  });

  it("lets exactly one of 100 concurrent opens with distinct grants open a one-time note", async () => {
    const note = await createNote({ views: 1 });
    const answers = await Promise.all(Array.from({ length: 100 }, () => repeat(note, newGrant())));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 404)).toHaveLength(99);
    expect(await opens(note.id)).toBe(1);
  });

  it("answers all of 20 concurrent opens with the same grant alike, with one view consumed", async () => {
    const note = await createNote({ views: 1 });
    const grant = newGrant();
    const answers = await Promise.all(Array.from({ length: 20 }, () => repeat(note, grant)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    for (const answer of answers) {
      expect(answer.meta).toEqual(answers[0]!.meta);
      expect(answer.body).toEqual(note.body);
    }
    expect(answers[0]!.meta).toMatchObject({ viewsLeft: 0, wrappedKey: note.request.wrappedKey });
    expect(await opens(note.id)).toBe(1);
    expect(await sql(noteStub(note.id), "SELECT views_left FROM grant")).toEqual([{ views_left: 0 }]);
  });

  it("keeps no plaintext wrapped key: the grant row holds its hash and an escrow only that grant opens", async () => {
    const note = await createNote({ views: 2 });
    const grant = newGrant();
    await repeat(note, grant);
    const [row] = await sql<{ hash: ArrayBuffer; escrow: string }>(noteStub(note.id), "SELECT hash, escrow FROM grant");
    const wrappedKey = note.request.wrappedKey;
    expect(new Uint8Array(row!.hash)).toEqual(await sha256(fromBase64Url(grant)!));
    expect(row!.escrow).not.toContain(wrappedKey);
    // IV, the wrapped key as sealed (its base64url text), and the GCM tag.
    expect(fromBase64Url(row!.escrow)!.length).toBe(12 + wrappedKey.length + 16);
    expect(await openEscrow(fromBase64Url(grant)!, row!.escrow)).toBe(wrappedKey);
    expect(await openEscrow(randomBytes(32), row!.escrow)).toBeNull();
    // An escrow sealed under another grant (or damaged) is not the reader's: refused, never another key handed out.
    const foreign = await sealEscrow(randomBytes(32), wrappedKey);
    await sql(noteStub(note.id), `UPDATE grant SET escrow = '${foreign}'`);
    const refused = await openWithGrant(note.id, note.proof, grant);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ status: 403, error: "That download grant is not one this note issued." });
  });

  it("ends with the grant: a repeat then answers 404, for a burned note and for one with views left", async () => {
    const burned = await createNote({ views: 1 });
    const kept = await createNote({ views: 3 });
    const g1 = newGrant();
    const g2 = newGrant();
    await repeat(burned, g1);
    await repeat(kept, g2);
    const ended = Date.now() - 1;
    await sql(noteStub(burned.id), `UPDATE grant SET until = ${ended}`);
    await sql(noteStub(burned.id), `UPDATE secret SET hold_until = ${ended}`);
    await sql(noteStub(kept.id), `UPDATE grant SET until = ${ended}`);
    expect((await repeat(burned, g1)).status).toBe(404);
    expect((await repeat(kept, g2)).status).toBe(404);
    expect(await noteBodyKeys(burned.id)).toEqual([]);
    expect((await inspectNote(kept.id)).row).toMatchObject({ views_left: 2 });
  });

  it.each([
    ["31 bytes", toBase64Url(randomBytes(31))],
    ["standard base64", "/".repeat(43)],
    ["a number", 1],
  ])("refuses a grant of %s with 400, consuming nothing", async (_what, grant) => {
    const note = await createNote({ views: 2 });
    const response = await call("POST", `/api/notes/${note.id}/open`, { json: { proof: note.proof, grant } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ status: 400, error: expect.stringContaining('"grant"') });
    expect((await inspectNote(note.id)).row).toMatchObject({ views_left: 2 });
  });
});

describe("NoteObject.consume() with a grant already in", () => {
  it("answers from the grant (a racing copy of the same request), consuming nothing", async () => {
    const note = await createNote({ views: 3 });
    const stub = noteStub(note.id);
    const proof = await readerProof(fromBase64Url(note.proof)!);
    const grantHash = buffer(randomBytes(32));
    const first = await stub.consume(proof, grantHash, "sealed");
    expect(first).toMatchObject({ outcome: "granted", viewsLeft: 2 });
    expect(await stub.consume(proof, grantHash, "another seal")).toEqual(first);
    expect(await sql(stub, "SELECT escrow, views_left FROM grant")).toEqual([{ escrow: "sealed", views_left: 2 }]);
    expect((await inspectNote(note.id)).row).toMatchObject({ views_left: 2 });
  });
});
