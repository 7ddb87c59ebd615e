/**
 * The request proof (docs/FORMAT.md §12.4, docs/API.md): the answerer's routes need Hushnote-Request-Proof, and a
 * missing or wrong one is answered as an unknown request, consuming nothing and storing nothing.
 */
import { describe, expect, it } from "vitest";
import { call, inspectNote } from "./helpers";
import { b64, createRequest, inspectRequest, makeAnswer, postAnswer, proof, publicKey } from "./request-helpers";

const HEADER = "Hushnote-Request-Proof";

async function goneBody() {
  const response = await call("GET", `/api/requests/${b64(16)}`, { headers: { [HEADER]: b64(32) } });
  expect(response.status).toBe(404);
  return response.json();
}

/** Every way to lack the proof: none, random bytes, another request's, one from another key, not 32 bytes. */
async function wrongProofs(id: string): Promise<Record<string, string>[]> {
  const other = await createRequest();
  return [
    {},
    { [HEADER]: b64(32) },
    await proof(other.id),
    await proof(id, publicKey()),
    { [HEADER]: b64(31) },
    { [HEADER]: "not base64url!" },
  ];
}

describe("GET /api/requests/:id and the request proof", () => {
  it("answers a missing or wrong proof exactly as an unknown request, and serves the key with the right one", async () => {
    const gone = await goneBody();
    const request = await createRequest();
    for (const headers of await wrongProofs(request.id)) {
      const response = await call("GET", `/api/requests/${request.id}`, { headers });
      expect(response.status, JSON.stringify(headers)).toBe(404);
      expect(await response.json()).toEqual(gone);
    }
    const response = await call("GET", `/api/requests/${request.id}`, { headers: await proof(request.id) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: request.id, publicKey: request.publicKey, answersLeft: 1 });
  });
});

describe("POST /api/requests/:id/answers and the request proof", () => {
  it("answers a missing or wrong proof as an unknown request, taking no answer and storing no note", async () => {
    const gone = await goneBody();
    const request = await createRequest({ answers: 2 });
    for (const headers of await wrongProofs(request.id)) {
      const answer = await makeAnswer();
      const response = await call("POST", `/api/requests/${request.id}/answers`, { json: answer.body, headers });
      expect(response.status, JSON.stringify(headers)).toBe(404);
      expect(await response.json()).toEqual(gone);
      expect((await inspectNote(answer.id)).row).toBeNull();
    }
    const held = await inspectRequest(request.id);
    expect(held.row).toMatchObject({ answers_left: 2 });
    expect(held.answers).toEqual([]);
  });

  it("takes the answer with the right proof", async () => {
    const request = await createRequest();
    const answer = await makeAnswer();
    expect((await postAnswer(request.id, answer.body)).status).toBe(201);
    expect((await inspectRequest(request.id)).row).toMatchObject({ answers_left: 0 });
  });

  it("stores nothing for an unknown id, with or without a proof", async () => {
    const id = b64(16);
    const answer = await makeAnswer();
    const headers = await proof(id, publicKey());
    expect((await call("POST", `/api/requests/${id}/answers`, { json: answer.body, headers })).status).toBe(404);
    expect((await inspectRequest(id)).tables).toBe(0);
  });
});
