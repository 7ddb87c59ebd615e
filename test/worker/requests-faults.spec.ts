// The request routes that change something, under storage faults (faults-table.ts): each storage call fails, loses its
// reply, hangs, or fails as a reset or overloaded object; the answer is a 503 a client retries, never a 500, and the
// same request again finds the request (and the answer's note) as if nothing had happened.
import { describe, expect } from "vitest";
import { request } from "./faults";
import { underFaults } from "./faults-table";
import { call, expectShredded, openNote } from "./helpers";
import { uploadParts } from "./note-transfer";
import {
  answerRequest,
  answersOf,
  bearer,
  createRequest,
  makeAnswer,
  postAnswer,
  proof,
  requestBody,
} from "./request-helpers";

describe("POST /api/requests under storage faults", () => {
  underFaults({
    setup: async () => requestBody(),
    request: (body) => request("POST", "/api/requests", { json: body }),
    ok: [201],
    async after(body, faulted) {
      const retry = await call("POST", "/api/requests", { json: body });
      expect(retry.status).toBe(201);
      const created = await retry.json();
      if (faulted.status === 201) expect(await faulted.json()).toEqual(created);
      expect(await answersOf(body.id, body.manageToken)).toMatchObject({ state: "waiting", answersLeft: 1 });
    },
    secrets: (body) => [body.id, body.manageToken, body.publicKey],
  });
});

describe("POST /api/requests/:id/answers under storage faults", () => {
  underFaults({
    async setup() {
      const asked = await createRequest();
      return { asked, answer: await makeAnswer(), headers: await proof(asked.id) };
    },
    request: ({ asked, answer, headers }) =>
      request("POST", `/api/requests/${asked.id}/answers`, { json: answer.body, headers }),
    ok: [201],
    async after({ asked, answer }, faulted) {
      const retry = await postAnswer(asked.id, answer.body);
      expect(retry.status).toBe(201);
      const created = (await retry.json()) as { parts: number[] };
      if (faulted.status === 201) expect(await faulted.json()).toEqual(created);
      // One answer taken, whatever the fault: the retry was recognised as the same answer.
      const view = await answersOf(asked.id, asked.manageToken);
      expect(view).toMatchObject({ state: "answered", answersLeft: 0 });
      expect(view.answers.map((a) => a.noteId)).toEqual([answer.id]);
      await uploadParts(answer.id, answer.manageToken, answer.bytes, created.parts);
      expect((await openNote(answer.id, answer.proof, answer.linkProof)).body).toEqual(answer.bytes);
    },
    secrets: ({ asked, answer }) => [asked.id, asked.manageToken, answer.id, answer.manageToken, answer.body.sealedKey],
  });
});

describe("DELETE /api/requests/:id under storage faults", () => {
  underFaults({
    async setup() {
      const asked = await createRequest();
      return { asked, answer: await answerRequest(asked.id) };
    },
    request: ({ asked }) => request("DELETE", `/api/requests/${asked.id}`, { headers: bearer(asked.manageToken) }),
    ok: [204],
    async after({ asked, answer }) {
      expect((await call("DELETE", `/api/requests/${asked.id}`, { headers: bearer(asked.manageToken) })).status).toBe(
        204,
      );
      expect((await answersOf(asked.id, asked.manageToken)).state).toBe("revoked");
      await expectShredded(answer.id, "deleted");
    },
    secrets: ({ asked, answer }) => [asked.id, asked.manageToken, answer.id, answer.manageToken],
  });
});
