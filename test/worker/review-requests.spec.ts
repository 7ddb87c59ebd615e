// Review of secret requests (issue 15), as an attacker: a replayed answer must not reopen a request or stretch its
// note's life, and an answer that a withdrawal overtook must not leave its note behind.
import { describe, expect, it } from "vitest";
import { callFaulty, request } from "./faults";
import { call, encodeJson, expectShredded, inspectNote, openNote } from "./helpers";
import { uploadParts } from "./note-transfer";
import {
  answerRequest,
  answersOf,
  bearer,
  createRequest,
  inspectRequest,
  makeAnswer,
  postAnswer,
  proof,
} from "./request-helpers";

const TAKEN = /note id is already taken/;

/** A one-answer request answered, its note uploaded. */
async function answered() {
  const asked = await createRequest();
  const answer = await answerRequest(asked.id);
  await uploadParts(answer.id, answer.manageToken, answer.bytes, answer.created.parts);
  return { asked, answer };
}

/** The request still holds its one answer, takes no other, and the asker still sees it. */
async function expectStillAnswered(asked: Awaited<ReturnType<typeof createRequest>>, noteId: string) {
  expect(await inspectRequest(asked.id)).toMatchObject({ row: { answers_left: 0 }, answers: [{ note_id: noteId }] });
  expect((await postAnswer(asked.id, (await makeAnswer()).body)).status).toBe(409);
  const view = await answersOf(asked.id, asked.manageToken);
  expect(view).toMatchObject({ state: "answered", answersLeft: 0 });
  expect(view.answers.map((a) => a.noteId)).toEqual([noteId]);
}

describe("a replayed answer (review)", () => {
  it("is refused once the asker has opened its note, and the request takes no second answer", async () => {
    const { asked, answer } = await answered();
    expect((await openNote(answer.id, answer.proof, answer.linkProof)).status).toBe(200);
    const replay = await postAnswer(asked.id, answer.body);
    expect(replay.status).toBe(409);
    expect(((await replay.json()) as { error: string }).error).toMatch(TAKEN);
    await expectStillAnswered(asked, answer.id);
  });

  it("is refused once the answerer deleted its note: deleting and replaying does not free the answer", async () => {
    const { asked, answer } = await answered();
    expect((await call("DELETE", `/api/notes/${answer.id}`, { headers: bearer(answer.manageToken) })).status).toBe(204);
    expect((await postAnswer(asked.id, answer.body)).status).toBe(409);
    await expectStillAnswered(asked, answer.id);
  });

  it("with another ttl is not the same answer (409), so it cannot keep the request's answers longer", async () => {
    const asked = await createRequest({ answers: 2, ttl: 86400 });
    const answer = await answerRequest(asked.id, { ttl: 300 });
    const before = await inspectRequest(asked.id);
    // The same note id, sealed key and manage token; only the note's lifetime (header and ttl) differs.
    const header = { v: 2, kind: "note", id: answer.id, kdf: null, link: true, views: 1, ttl: 3600 };
    const body = { ...answer.body, note: { ...answer.body.note, header: encodeJson(header), ttl: 3600 } };
    const response = await postAnswer(asked.id, body);
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: string }).error).toMatch(TAKEN);
    expect(await inspectRequest(asked.id)).toEqual(before);
  });
});

describe("an answer overtaken by a withdrawal (review)", () => {
  it("answers 404 and deletes its note when the request was withdrawn before the note was created", async () => {
    const asked = await createRequest();
    const answer = await makeAnswer();
    // The note's create waits, so that the asker withdraws the request between the answer and its note.
    const slow = { binding: "NOTE_OBJECT", method: "create", mode: "slow", delayMs: 1500 } as const;
    const sent = callFaulty(
      slow,
      request("POST", `/api/requests/${asked.id}/answers`, { json: answer.body, headers: await proof(asked.id) }),
    );
    for (let i = 0; i < 100 && (await inspectRequest(asked.id)).answers.length === 0; i++) await scheduler.wait(10);
    const revoked = await call("DELETE", `/api/requests/${asked.id}`, { headers: bearer(asked.manageToken) });
    expect(revoked.status).toBe(204);
    const response = await sent;
    expect(response.status).toBe(404);
    await response.body?.cancel();
    await expectShredded(answer.id, "deleted");
    expect((await inspectNote(answer.id)).events.map((e) => e.type)).toEqual(["created", "destroyed"]);
  });
});
