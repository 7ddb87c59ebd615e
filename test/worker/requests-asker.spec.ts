// The asker's side: GET /api/requests/:id/answers with the manage token, DELETE /api/requests/:id (revoke: answers
// refused, answer notes deleted), and the record's end: at expiry the key, description and answers go, after
// retention everything.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, expectShredded, inspectNote, openNote } from "./helpers";
import { uploadParts } from "./note-transfer";
import {
  answerRequest,
  answersOf,
  b64,
  bearer,
  createRequest,
  getRequest,
  inspectRequest,
  makeAnswer,
  postAnswer,
  requestStub,
  setExpiry,
} from "./request-helpers";

const answersCall = (id: string, headers: Record<string, string> = {}) =>
  call("GET", `/api/requests/${id}/answers`, { headers });
const revoke = (id: string, token: string) => call("DELETE", `/api/requests/${id}`, { headers: bearer(token) });

describe("GET /api/requests/:id/answers", () => {
  it("shows a waiting request with no answers, then each answer with its sealed key, in order", async () => {
    const request = await createRequest({ answers: 2 });
    expect(await answersOf(request.id, request.manageToken)).toEqual({
      state: "waiting",
      expiresAt: request.created.expiresAt,
      answersLeft: 2,
      answers: [],
    });
    const first = await answerRequest(request.id);
    const second = await answerRequest(request.id);
    const view = await answersOf(request.id, request.manageToken);
    expect(view).toMatchObject({ state: "answered", answersLeft: 0 });
    expect(view.answers.map((a) => [a.noteId, a.sealedKey, a.note])).toEqual([
      [first.id, first.body.sealedKey, "uploading"],
      [second.id, second.body.sealedKey, "uploading"],
    ]);
    expect(view.answers[0]!.at).toBeLessThanOrEqual(view.answers[1]!.at);
  });

  it("refuses a wrong token (403) and a missing one (403), and answers 400 for a malformed one", async () => {
    const request = await createRequest();
    await answerRequest(request.id);
    const wrong = await answersCall(request.id, bearer(b64(32)));
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toEqual({ status: 403, error: "That manage token is not the one for this request." });
    expect((await answersCall(request.id)).status).toBe(403);
    expect((await answersCall(request.id, { Authorization: "Bearer short" })).status).toBe(400);
    expect((await answersCall(b64(16), bearer(request.manageToken))).status).toBe(404);
  });
});

describe("DELETE /api/requests/:id", () => {
  it("withdraws the request: answers refused, the answers' notes deleted, the asker sees it revoked", async () => {
    const request = await createRequest({ answers: 3 });
    const uploaded = await answerRequest(request.id);
    await uploadParts(uploaded.id, uploaded.manageToken, uploaded.bytes, uploaded.created.parts);
    const uploading = await answerRequest(request.id);
    expect(await revoke(request.id, request.manageToken)).toMatchObject({ status: 204 });
    // Both notes were deleted before the revoke answered: shredded, their bodies gone from KV.
    await expectShredded(uploaded.id, "deleted");
    await expectShredded(uploading.id, "deleted");
    expect((await openNote(uploaded.id, uploaded.proof, uploaded.linkProof)).status).toBe(404);
    const late = await makeAnswer();
    expect((await postAnswer(request.id, late.body)).status).toBe(404);
    expect((await inspectNote(late.id)).row).toBeNull();
    expect((await getRequest(request.id)).status).toBe(404);
    expect(await answersOf(request.id, request.manageToken)).toEqual({
      state: "revoked",
      expiresAt: request.created.expiresAt,
      answersLeft: 1,
      answers: [],
    });
    const { row, doomed } = await inspectRequest(request.id);
    expect(row).toMatchObject({ public_key: null, description: null });
    expect(doomed).toEqual([]);
  });

  it("is safe to repeat (204), refuses a wrong token (403) and answers 404 for an unknown id", async () => {
    const request = await createRequest();
    expect((await revoke(request.id, b64(32))).status).toBe(403);
    expect((await getRequest(request.id)).status).toBe(200);
    expect((await revoke(request.id, request.manageToken)).status).toBe(204);
    expect((await revoke(request.id, request.manageToken)).status).toBe(204);
    expect((await call("DELETE", `/api/requests/${request.id}`)).status).toBe(403);
    expect((await revoke(b64(16), request.manageToken)).status).toBe(404);
  });

  it("deletes an answer's note later, by the alarm, when its object could not be asked at once", async () => {
    const request = await createRequest();
    const answer = await answerRequest(request.id);
    // As if the revoke's delete had failed: the note is still condemned in the request's object.
    await runInDurableObject(requestStub(request.id), (_i, state) => {
      const sql = state.storage.sql;
      sql.exec("INSERT INTO doomed_note (note_id, manage_hash) SELECT note_id, manage_hash FROM answer");
      sql.exec("DELETE FROM answer");
      sql.exec("UPDATE request SET revoked_at = ?, ended_at = ?", Date.now(), Date.now());
    });
    expect(await runDurableObjectAlarm(requestStub(request.id))).toBe(true);
    await expectShredded(answer.id, "deleted");
    expect((await inspectRequest(request.id)).doomed).toEqual([]);
  });
});

describe("the request's end", () => {
  it("keeps the answers while their notes may be opened, erases them at the end, and everything after retention", async () => {
    const request = await createRequest({ ttl: 300 });
    const answer = await answerRequest(request.id, { ttl: 300 });
    const { row, answers } = await inspectRequest(request.id);
    // The answer's note may live 300 s from the answer, past the request's expiry: its answer is kept as long.
    expect(row!.keep_until as number).toBeGreaterThan(row!.expires_at as number);
    expect(row!.keep_until).toBe(answers[0]!.note_until);
    expect(answers[0]!.note_until).toBe((answers[0]!.at as number) + 300_000);
    await setExpiry(request.id, Date.now() - 2, Date.now() + 60_000);
    expect((await answersOf(request.id, request.manageToken)).answers).toHaveLength(1);
    await setExpiry(request.id, Date.now() - 2, Date.now() - 1);
    expect(await runDurableObjectAlarm(requestStub(request.id))).toBe(true);
    expect(await answersOf(request.id, request.manageToken)).toMatchObject({ state: "answered", answers: [] });
    // Ended: the answer's note (past its own expiry by then) is deleted too.
    await expectShredded(answer.id, "deleted");
    await runInDurableObject(requestStub(request.id), (_i, state) => {
      state.storage.sql.exec("UPDATE request SET ended_at = ?", Date.now() - 7 * 86400_000 - 1);
    });
    expect(await runDurableObjectAlarm(requestStub(request.id))).toBe(true);
    expect((await inspectRequest(request.id)).tables).toBe(0);
    expect((await answersCall(request.id, bearer(request.manageToken))).status).toBe(404);
  });
});
