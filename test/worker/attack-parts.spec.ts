// Attacks on PUT /api/notes/:id/parts/:n by someone who holds a note id and some credential that is not this note's
// manage token, or by a creator's client that races itself (size lies: attack-sizes.spec.ts). Each one must leave KV and the object
// as they were (or, for the creator's own races, in one consistent state).
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { ciphertextLength, MAX_PART_SIZE } from "../../crypto/parts";
import {
  call,
  createNote,
  createUploading,
  inspectNote,
  noteBodyKeys,
  noteStub,
  randomBytes,
  storedBody,
} from "./helpers";
import { openRaw, putPart, readOpened } from "./note-transfer";

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const receipt = async (id: string, token: string) =>
  (await call("GET", `/api/notes/${id}/receipt`, { headers: bearer(token) })).json();
/** A v1 note of two parts whose second is small, so both can be sent in a test. */
const twoParts = { bodyBytes: ciphertextLength(384 * 65_536 + 100, 1), ttl: 86400 };

describe("a part from someone without this note's manage token", () => {
  it("is refused (403) for another note's token, a download grant, and the right token's bytes reused as a grant", async () => {
    const victim = await createUploading();
    const other = await createNote({ views: 2 });
    const { meta } = await readOpened(await openRaw(other.id, other.proof));
    const tokens = [other.manageToken, meta!.grant, toBase64Url(randomBytes(32))];
    for (const token of tokens) {
      const response = await putPart(victim.id, 0, victim.body, token);
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ status: 403, error: "That manage token is not the one for this note." });
    }
    expect(await noteBodyKeys(victim.id)).toEqual([]);
    expect(await receipt(victim.id, victim.manageToken)).toMatchObject({ state: "uploading", partsStored: 0 });
  });

  it("learns nothing of the part sizes: every length answers the same 403 before a byte is read", async () => {
    const victim = await createUploading(twoParts);
    const wrong = toBase64Url(randomBytes(32));
    const answers = new Set<string>();
    for (const length of [1, victim.parts[1]!, victim.parts[0]!, MAX_PART_SIZE]) {
      for (const n of [0, 1, 2]) {
        const response = await putPart(victim.id, n, new Uint8Array(0), wrong, { "Content-Length": String(length) });
        answers.add(`${response.status} ${await response.text()}`);
      }
    }
    expect([...answers]).toEqual(['403 {"status":403,"error":"That manage token is not the one for this note."}']);
    expect(await noteBodyKeys(victim.id)).toEqual([]);
  });

  it("cannot use a grant or the manage token in each other's place on any route", async () => {
    const note = await createNote({ views: 3 });
    const { meta } = await readOpened(await openRaw(note.id, note.proof));
    const grant = meta!.grant;
    // The creator's token is no grant: the creator cannot fetch the body without a proof and a view.
    expect((await call("GET", `/api/notes/${note.id}/body`, { headers: bearer(note.manageToken) })).status).toBe(403);
    expect((await call("DELETE", `/api/notes/${note.id}/body`, { headers: bearer(note.manageToken) })).status).toBe(
      403,
    );
    // The grant is no manage token: no receipt, no revoke.
    expect((await call("GET", `/api/notes/${note.id}/receipt`, { headers: bearer(grant) })).status).toBe(403);
    expect((await call("DELETE", `/api/notes/${note.id}`, { headers: bearer(grant) })).status).toBe(403);
    expect((await inspectNote(note.id)).row).toMatchObject({ views_left: 2, destroyed_at: null });
  });
});

describe("a part number that is not plainly one", () => {
  it("is refused with 400 before the token or the object is consulted, however it is spelled in the path", async () => {
    const note = await createUploading();
    for (const n of [
      "-1",
      "1e9",
      "0x1",
      "01",
      "0%20",
      "%200",
      "+0",
      "0.0",
      "1000000",
      "9007199254740993",
      "%E2%80%8B0",
    ]) {
      const response = await call("PUT", `/api/notes/${note.id}/parts/${n}`, {
        raw: note.body,
        headers: { "Content-Type": "application/octet-stream", ...bearer(note.manageToken) },
      });
      expect(response.status, n).toBe(400);
    }
    // In range of the number syntax but not of this note: 409 from the object, nothing read or written.
    for (const n of [1, 999_999]) expect((await putPart(note.id, n, note.body, note.manageToken)).status).toBe(409);
    expect(await noteBodyKeys(note.id)).toEqual([]);
  });
});

describe("a part for a note that is past uploading", () => {
  it("answers a complete note's part as stored without reading the new bytes, and the body stays the first one", async () => {
    const note = await createNote({ views: 2 });
    const other = randomBytes(note.body.byteLength);
    const again = await putPart(note.id, 0, other, note.manageToken);
    expect(await again.json()).toEqual({ part: 0, partsStored: 1, parts: 1, complete: true });
    await readOpened(await openRaw(note.id, note.proof));
    // Views consumed, not burned: still answered as stored, still the first bytes.
    expect((await putPart(note.id, 0, other, note.manageToken)).status).toBe(200);
    expect(await storedBody(note.id)).toEqual(note.body);
    expect(await noteBodyKeys(note.id)).toHaveLength(1);
  });

  it("answers 404 and stores nothing for a burned note whose body is held for its grant", async () => {
    const note = await createNote();
    await readOpened(await openRaw(note.id, note.proof));
    expect((await inspectNote(note.id)).row).toMatchObject({ reason: "burned" });
    expect((await putPart(note.id, 0, note.body, note.manageToken)).status).toBe(404);
    expect(await noteBodyKeys(note.id)).toHaveLength(1);
  });

  it("answers 404 for an expired note and for an upload abandoned past its window, and stores nothing", async () => {
    const expired = await createUploading();
    const abandoned = await createUploading();
    await runInDurableObject(noteStub(expired.id), (_i, state) =>
      state.storage.sql.exec("UPDATE secret SET expires_at = 1"),
    );
    await runInDurableObject(noteStub(abandoned.id), (_i, state) =>
      state.storage.sql.exec("UPDATE secret SET upload_until = 1"),
    );
    for (const note of [expired, abandoned]) {
      expect((await putPart(note.id, 0, note.body, note.manageToken)).status).toBe(404);
      expect(await noteBodyKeys(note.id)).toEqual([]);
    }
    expect(await receipt(expired.id, expired.manageToken)).toMatchObject({ reason: "expired" });
    expect(await receipt(abandoned.id, abandoned.manageToken)).toMatchObject({ reason: "incomplete" });
  });
});

describe("the creator's client racing itself", () => {
  it("last part against a revoke: whichever wins, the note ends destroyed with no byte left in KV", async () => {
    for (let round = 0; round < 6; round++) {
      const note = await createUploading(twoParts);
      const first = note.body.subarray(0, note.parts[0]);
      expect((await putPart(note.id, 0, first, note.manageToken)).status).toBe(200);
      const last = note.body.subarray(note.parts[0]);
      const revoke = () => call("DELETE", `/api/notes/${note.id}`, { headers: bearer(note.manageToken) });
      // Each round starts the other request first.
      const upload = () => putPart(note.id, 1, last, note.manageToken);
      const [stored, revoked] =
        round % 2 ? await Promise.all([upload(), revoke()]) : (await Promise.all([revoke(), upload()])).reverse();
      expect([200, 404]).toContain(stored!.status);
      expect(revoked!.status).toBe(204);
      expect(await noteBodyKeys(note.id)).toEqual([]);
      expect(await receipt(note.id, note.manageToken)).toMatchObject({ state: "destroyed", reason: "deleted" });
      expect((await inspectNote(note.id)).doomed).toEqual([]);
    }
  });

  it("two different contents for one part at once: one is kept whole, the other deleted, and that one is read", async () => {
    const note = await createUploading({ bodyBytes: 50_000, views: 2 });
    const rival = randomBytes(note.body.byteLength);
    const answers = await Promise.all([
      putPart(note.id, 0, note.body, note.manageToken),
      putPart(note.id, 0, rival, note.manageToken),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const kept = await storedBody(note.id);
    expect([toBase64Url(note.body), toBase64Url(rival)]).toContain(toBase64Url(kept!));
    expect(await noteBodyKeys(note.id)).toHaveLength(1);
    const opened = await readOpened(await openRaw(note.id, note.proof));
    expect(opened.body).toEqual(kept);
  });
});
