// Issue 12: an open hands its reader a download grant. With it the body can be fetched again, whole or from a byte
// range, for ten minutes, even after that open burned the note; the body goes when the reader finishes or the grant
// ends, and at once when the note is revoked, expires or is locked out.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import {
  call,
  createNote,
  expectShredded,
  inspectNote,
  noteBodyKeys,
  noteStub,
  openNote,
  randomBytes,
} from "./helpers";
import { finishBody, openRaw, readBody, readOpened } from "./note-transfer";

const bytesOf = async (response: Response) => new Uint8Array(await response.arrayBuffer());
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Opens a note and reads its whole body, but does not finish: the reader may come back with the grant. */
async function openUnfinished(note: Awaited<ReturnType<typeof createNote>>) {
  const opened = await readOpened(await openRaw(note.id, note.proof, note.linkProof));
  expect(opened.status).toBe(200);
  return opened.meta!.grant;
}

describe("GET /api/notes/:id/body", () => {
  it("resumes a one-time note's download by range after the open burned it; a second open is refused", async () => {
    const note = await createNote({ bodyBytes: 10_000 });
    const response = await openRaw(note.id, note.proof);
    // The reader gets 3000 bytes of the stream, then the connection breaks.
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    await reader.cancel();
    const got = 3000;
    const first = value!.subarray(0, got);
    expect(first.byteLength).toBe(got);
    const { grant, grantExpiresAt } = JSON.parse(response.headers.get("Hushnote-Open")!);
    expect(grantExpiresAt).toBeGreaterThanOrEqual(Date.now() + 590_000);
    expect((await openNote(note.id, note.proof)).status).toBe(404);
    expect((await inspectNote(note.id)).row).toMatchObject({ reason: "burned", wrapped_key: null, verifier: null });

    const rest = await readBody(note.id, grant, `bytes=${got}-`);
    expect(rest.status).toBe(206);
    expect(rest.headers.get("Content-Range")).toBe(`bytes ${got}-9999/10000`);
    expect(rest.headers.get("Content-Length")).toBe(String(10_000 - got));
    const whole = new Uint8Array(10_000);
    whole.set(first);
    whole.set(await bytesOf(rest), got);
    expect(whole).toEqual(note.body);
  });

  it("serves the whole body (200), a closed range, a suffix, and refuses an unsatisfiable or multiple range (416)", async () => {
    const note = await createNote({ views: 2, bodyBytes: 5000 });
    const grant = await openUnfinished(note);
    const whole = await readBody(note.id, grant);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("Accept-Ranges")).toBe("bytes");
    expect(await bytesOf(whole)).toEqual(note.body);
    const middle = await readBody(note.id, grant, "bytes=100-199");
    expect(middle.headers.get("Content-Range")).toBe("bytes 100-199/5000");
    expect(await bytesOf(middle)).toEqual(note.body.subarray(100, 200));
    expect(await bytesOf(await readBody(note.id, grant, "bytes=-10"))).toEqual(note.body.subarray(4990));
    for (const range of ["bytes=5000-", "bytes=0-1,5-9", "items=0-1"]) {
      expect((await readBody(note.id, grant, range)).status).toBe(416);
    }
    expect((await inspectNote(note.id)).row).toMatchObject({ views_left: 1 });
  });

  it("refuses a grant the note did not issue (403), a missing one (403) and a malformed one (400)", async () => {
    const note = await createNote({ views: 2 });
    await openUnfinished(note);
    expect((await readBody(note.id, toBase64Url(randomBytes(32)))).status).toBe(403);
    expect((await call("GET", `/api/notes/${note.id}/body`)).status).toBe(403);
    expect((await call("GET", `/api/notes/${note.id}/body`, { headers: { Authorization: "Bearer x" } })).status).toBe(
      400,
    );
    expect((await finishBody(note.id, toBase64Url(randomBytes(32)))).status).toBe(403);
  });

  it("ends with the grant: the alarm deletes a burned note's held body, and the grant then answers 404", async () => {
    const note = await createNote();
    const grant = await openUnfinished(note);
    const stub = noteStub(note.id);
    const { row } = await inspectNote(note.id);
    expect(await runInDurableObject(stub, (_i, state) => state.storage.getAlarm())).toBe(row!.hold_until);
    expect(await noteBodyKeys(note.id)).toHaveLength(1);
    await runInDurableObject(stub, (_i, state) => {
      state.storage.sql.exec("UPDATE secret SET hold_until = 1");
      state.storage.sql.exec("UPDATE grant SET until = 1");
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await expectShredded(note.id, "burned");
    expect((await readBody(note.id, grant)).status).toBe(404);
  });
});

describe("DELETE /api/notes/:id/body", () => {
  it("ends the grant and deletes a burned note's body at once", async () => {
    const note = await createNote();
    const grant = await openUnfinished(note);
    expect((await finishBody(note.id, grant)).status).toBe(204);
    await expectShredded(note.id, "burned");
    expect((await readBody(note.id, grant)).status).toBe(404);
    expect((await finishBody(note.id, grant)).status).toBe(404);
  });

  it("keeps a burned note's body while another reader's grant is open, and deletes it after the last", async () => {
    const note = await createNote({ views: 2 });
    const first = await openUnfinished(note);
    const last = await openUnfinished(note);
    expect((await finishBody(note.id, last)).status).toBe(204);
    expect(await bytesOf(await readBody(note.id, first))).toEqual(note.body);
    expect((await finishBody(note.id, first)).status).toBe(204);
    await expectShredded(note.id, "burned");
  });

  it("ends only the grant of a note with views left: its body stays for the next reader", async () => {
    const note = await createNote({ views: 3 });
    const grant = await openUnfinished(note);
    expect((await finishBody(note.id, grant)).status).toBe(204);
    expect((await readBody(note.id, grant)).status).toBe(403);
    expect((await openNote(note.id, note.proof)).body).toEqual(note.body);
  });
});

describe("destruction during a grant", () => {
  it("by the creator's revoke deletes the body at once and ends the grant", async () => {
    const note = await createNote({ views: 3 });
    const grant = await openUnfinished(note);
    expect((await call("DELETE", `/api/notes/${note.id}`, { headers: bearer(note.manageToken) })).status).toBe(204);
    await expectShredded(note.id, "deleted");
    expect((await readBody(note.id, grant)).status).toBe(404);
  });

  it("by lockout deletes the body at once and ends the grant", async () => {
    const note = await createNote({ views: 3, version: 2, password: true });
    const grant = await openUnfinished(note);
    for (let i = 0; i < 10; i++) await openNote(note.id, toBase64Url(randomBytes(32)), note.linkProof);
    await expectShredded(note.id, "lockout");
    expect((await readBody(note.id, grant)).status).toBe(404);
  });

  it("by expiry deletes the body at once and ends the grant", async () => {
    const note = await createNote({ views: 3 });
    const grant = await openUnfinished(note);
    await runInDurableObject(noteStub(note.id), (_i, state) =>
      state.storage.sql.exec("UPDATE secret SET expires_at = 1"),
    );
    expect((await readBody(note.id, grant)).status).toBe(404);
    await expectShredded(note.id, "expired");
  });
});
