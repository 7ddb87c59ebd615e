// POST /api/requests/:id/answers: the answer is a real note, created exactly as POST /api/notes creates one, and
// opened once with the normal note routes; the request's object decides who answers, so racing answers to the last
// one have exactly one winner; a retry is the same answer; an expired request takes none.
import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, callWith, inspectNote, openNote } from "./helpers";
import { uploadParts } from "./note-transfer";
import {
  answerRequest,
  answersOf,
  b64,
  createRequest,
  inspectRequest,
  makeAnswer,
  postAnswer,
  requestStub,
  setExpiry,
} from "./request-helpers";

const ANSWERED = { status: 409, error: "This request has already been answered." };
const GONE = {
  status: 404,
  error: "There is no request here. It may have expired, been answered or withdrawn — or it never existed.",
};

describe("POST /api/requests/:id/answers", () => {
  it("creates a real note that the asker opens exactly once with the normal note routes", async () => {
    const request = await createRequest();
    const answer = await makeAnswer({ bodyBytes: 5000 });
    const response = await postAnswer(request.id, answer.body);
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; manageToken: string; parts: number[]; viewsLeft: number };
    // What POST /api/notes answers, to the byte: the answerer uploads the parts as for any note.
    expect(Object.keys(created)).toEqual(["id", "expiresAt", "viewsLeft", "manageToken", "parts"]);
    expect(created).toMatchObject({ id: answer.id, viewsLeft: 1, manageToken: answer.manageToken, parts: [5000] });
    const waiting = await answersOf(request.id, request.manageToken);
    expect(waiting).toMatchObject({ state: "answered", answersLeft: 0, expiresAt: request.created.expiresAt });
    expect(waiting.answers).toEqual([
      { noteId: answer.id, sealedKey: answer.body.sealedKey, at: expect.any(Number), note: "uploading" },
    ]);
    await uploadParts(answer.id, answer.manageToken, answer.bytes, created.parts);
    expect((await answersOf(request.id, request.manageToken)).answers[0]!.note).toBe("live");
    const opened = await openNote(answer.id, answer.proof, answer.linkProof);
    expect(opened.status).toBe(200);
    expect(opened.body).toEqual(answer.bytes);
    expect((await openNote(answer.id, answer.proof, answer.linkProof)).status).toBe(404);
    const after = (await answersOf(request.id, request.manageToken)).answers[0]!;
    expect(after).toMatchObject({ noteId: answer.id, note: "gone", opened: true });
  });

  it("lets exactly one of 20 concurrent answers to a one-answer request win; the others 409 and leave no note", async () => {
    const request = await createRequest();
    const answers = await Promise.all(Array.from({ length: 20 }, () => makeAnswer()));
    const responses = await Promise.all(answers.map((answer) => postAnswer(request.id, answer.body)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    const winner = answers[statuses.indexOf(201)]!;
    for (const [i, response] of responses.entries()) {
      if (statuses[i] === 409) expect(await response.json()).toEqual(ANSWERED);
      else await response.body?.cancel();
    }
    const { row, answers: stored } = await inspectRequest(request.id);
    expect(row).toMatchObject({ answers_left: 0 });
    expect(stored.map((a) => a.note_id)).toEqual([winner.id]);
    // Losers never reached a note object: nothing of theirs is stored anywhere.
    for (const loser of answers.filter((a) => a !== winner)) expect((await inspectNote(loser.id)).row).toBeNull();
    expect((await inspectNote(winner.id)).row).not.toBeNull();
  });

  it("lets exactly three of 12 concurrent answers to a three-answer request win", async () => {
    const request = await createRequest({ answers: 3 });
    const answers = await Promise.all(Array.from({ length: 12 }, () => makeAnswer()));
    const responses = await Promise.all(answers.map((answer) => postAnswer(request.id, answer.body)));
    const statuses = responses.map((response) => response.status);
    for (const response of responses) await response.body?.cancel();
    expect(statuses.filter((status) => status === 201)).toHaveLength(3);
    expect(statuses.filter((status) => status === 409)).toHaveLength(9);
    const view = await answersOf(request.id, request.manageToken);
    expect(view).toMatchObject({ state: "answered", answersLeft: 0 });
    const winners = answers.filter((_a, i) => statuses[i] === 201).map((a) => a.id);
    expect(view.answers.map((a) => a.noteId).sort()).toEqual(winners.sort());
  });

  it("refuses a second answer with 409, storing nothing of it", async () => {
    const request = await createRequest();
    await answerRequest(request.id);
    const second = await makeAnswer();
    const response = await postAnswer(request.id, second.body);
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual(ANSWERED);
    expect((await inspectNote(second.id)).row).toBeNull();
    expect((await inspectRequest(request.id)).answers).toHaveLength(1);
  });

  it("answers a retry of the same answer with the same 201, also once the request is fully answered", async () => {
    const request = await createRequest();
    const answer = await makeAnswer();
    const first = await postAnswer(request.id, answer.body);
    expect(first.status).toBe(201);
    const firstJson = await first.json();
    const before = await inspectRequest(request.id);
    for (let i = 0; i < 3; i++) {
      const again = await postAnswer(request.id, answer.body);
      expect(again.status).toBe(201);
      expect(await again.json()).toEqual(firstJson);
    }
    const after = await inspectRequest(request.id);
    expect(after.answers).toEqual(before.answers);
    expect(after.row).toMatchObject({ answers_left: 0 });
    expect((await inspectNote(answer.id)).events).toEqual([{ type: "created", reason: null }]);
  });

  it.each([
    ["another sealed key", (body: Body) => ({ ...body, sealedKey: `${body.sealedKey.slice(0, -4)}AAAA` })],
    ["another note manage token", (body: Body) => ({ ...body, note: { ...body.note, manageToken: b64(32) } })],
  ])("answers 409 to the same note id with %s, changing nothing", async (_what, change) => {
    const request = await createRequest({ answers: 2 });
    const answer = await makeAnswer();
    expect((await postAnswer(request.id, answer.body)).status).toBe(201);
    const before = await inspectRequest(request.id);
    const response = await postAnswer(request.id, change(answer.body));
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: string }).error).toMatch(/note id is already taken/);
    expect(await inspectRequest(request.id)).toEqual(before);
  });

  it("gives the answer back when its note id is another note's (409), so the request still takes a real one", async () => {
    const request = await createRequest();
    const answer = await makeAnswer();
    const other = { ...answer.body.note, manageToken: b64(32) };
    expect((await call("POST", "/api/notes", { json: other })).status).toBe(201);
    const response = await postAnswer(request.id, answer.body);
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: string }).error).toMatch(/note id is already taken/);
    expect(await inspectRequest(request.id)).toMatchObject({ row: { answers_left: 1 }, answers: [] });
    await answerRequest(request.id);
  });

  it("answers 404 to an expired request (before and after its alarm), storing nothing", async () => {
    const request = await createRequest();
    await setExpiry(request.id, Date.now() - 1, Date.now() + 60_000);
    const early = await makeAnswer();
    const response = await postAnswer(request.id, early.body);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual(GONE);
    await setExpiry(request.id, Date.now() - 1);
    expect(await runDurableObjectAlarm(requestStub(request.id))).toBe(true);
    // The alarm ended it: the key and description are erased, the asker's record kept for retention.
    expect((await inspectRequest(request.id)).row).toMatchObject({ public_key: null, description: null });
    expect((await answersOf(request.id, request.manageToken)).state).toBe("expired");
    const late = await makeAnswer();
    expect((await postAnswer(request.id, late.body)).status).toBe(404);
    for (const answer of [early, late]) expect((await inspectNote(answer.id)).row).toBeNull();
  });

  it("takes a note living no longer than the request has left, or the shortest expiry choice", async () => {
    const request = await createRequest({ ttl: 300 });
    const tooLong = await makeAnswer({ ttl: 3600 });
    const response = await postAnswer(request.id, tooLong.body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/may not outlive the request/);
    expect((await inspectNote(tooLong.id)).row).toBeNull();
    // 300 s is more than the request has left, but the shortest choice is always allowed.
    await answerRequest(request.id, { ttl: 300 });
  });

  it("keeps to MAX_BODY_BYTES (413), storing nothing and taking no answer", async () => {
    const request = await createRequest();
    const answer = await makeAnswer({ bodyBytes: 200_000 });
    const path = `/api/requests/${request.id}/answers`;
    const response = await callWith({ MAX_BODY_BYTES: "65536" }, "POST", path, { json: answer.body });
    expect(response.status).toBe(413);
    expect((await inspectNote(answer.id)).row).toBeNull();
    expect((await inspectRequest(request.id)).row).toMatchObject({ answers_left: 1 });
  });
});

type Body = Awaited<ReturnType<typeof makeAnswer>>["body"];
