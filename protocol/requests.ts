/**
 * The secret request routes of docs/API.md, "Requests" (re-exported by api.ts, the one list of routes a client calls).
 * A create carries the asker's manage token and an answer its note id and sealed key, so a retry after a lost answer
 * is the same request, which the server answers as the first.
 */
import { type Hooks, request } from "./http";
import { reading } from "./reading";
import { bearer, randomKey, requestProofHeader } from "./request-shapes";
import { CALLS, deleting, persistence, persistently } from "./retry";
import type { Created, NewAnswer, NewRequest, RequestAnswers, RequestCreated, RequestInfo } from "./wire";

/** POST /api/requests, retried on no answer, a 5xx or a 429 (the manage token makes a repeat the same create). */
export function createRequest(
  base: string,
  body: NewRequest,
  hooks: Pick<Hooks, "signal" | "backoffMs"> = {},
): Promise<RequestCreated> {
  const create = () => request<RequestCreated>(base, "/api/requests", { method: "POST", body, signal: hooks.signal });
  return persistently(create, persistence(CALLS, hooks));
}

/**
 * GET /api/requests/:id with the request proof (b64u, from the link's fingerprint); never consumes. Unknown, expired,
 * revoked, fully answered and a wrong proof are the same 404.
 */
export const requestStatus = (
  base: string,
  id: string,
  proof: string,
  hooks: Pick<Hooks, "signal" | "backoffMs"> = {},
) => reading<RequestInfo>(base, `/api/requests/${id}`, requestProofHeader(proof), hooks);

/**
 * POST /api/requests/:id/answers, with the request proof as requestStatus: creates the answer's note through the
 * request, as createNote does (its body then goes up with uploadBody under the note's manage token). The note's manage
 * token is the caller's or drawn here, so every retry sends the same body: the same note id and sealed key, which the
 * server answers as the first answer.
 */
export function answerRequest(
  base: string,
  id: string,
  proof: string,
  answer: NewAnswer,
  hooks: Pick<Hooks, "signal" | "backoffMs"> = {},
): Promise<Created> {
  const note = { ...answer.note, manageToken: answer.note.manageToken ?? randomKey(32) };
  const body = { note, sealedKey: answer.sealedKey };
  const post = () =>
    request<Created>(base, `/api/requests/${id}/answers`, {
      method: "POST",
      body,
      headers: requestProofHeader(proof),
      signal: hooks.signal,
    });
  return persistently(post, persistence(CALLS, hooks));
}

/** GET /api/requests/:id/answers with the request's manage token: its state and the answers to open. */
export const requestAnswers = (
  base: string,
  id: string,
  manageToken: string,
  hooks: Pick<Hooks, "signal" | "backoffMs"> = {},
) => reading<RequestAnswers>(base, `/api/requests/${id}/answers`, bearer(manageToken), hooks);

/** DELETE /api/requests/:id: no more answers, and the answers' notes are destroyed; retried as deleteNote is. */
export function revokeRequest(
  base: string,
  id: string,
  manageToken: string,
  hooks: Pick<Hooks, "signal" | "backoffMs"> = {},
): Promise<void> {
  const call = () =>
    request(base, `/api/requests/${id}`, { method: "DELETE", headers: bearer(manageToken), signal: hooks.signal });
  return deleting(call, persistence(CALLS, hooks));
}
