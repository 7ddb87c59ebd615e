/**
 * The secret request routes of docs/API.md ("Requests") besides the answer (request-answer.ts): create, the
 * answerer's status, the asker's answers, revoke, and what they share. RequestObject (request-object.ts) decides.
 */
import type { IRequest } from "itty-router";
import { readConfig } from "./config";
import { sha256 } from "./digest";
import { retryLater, StatusError } from "./errors";
import type { Created } from "./note-object";
import { bearerHash, noteStub } from "./notes";
import { readSmallJson } from "./request-body";
import * as input from "./request-input";
import { proofHolds } from "./request-proof";
import type { CreateRequest, RequestAnswers, StoredAnswer } from "./request-types";
import * as valid from "./validate";

/** The one answer for unknown, expired, answered and withdrawn requests alike, so none can be told apart. */
const GONE_MESSAGE = "There is no request here. It may have expired, been answered or withdrawn — or it never existed.";

/** The Durable Object that holds request `id`. */
export function requestStub(env: Env, id: string) {
  return env.REQUEST_OBJECT.get(env.REQUEST_OBJECT.idFromName(`request:${id}`));
}

/** The 404 for a request that takes no answers (or, for its asker, one whose record is erased). */
export function requestGone(): StatusError {
  return new StatusError(404, GONE_MESSAGE);
}

const wrongToken = () => new StatusError(403, "That manage token is not the one for this request.");

/**
 * POST /api/requests — creates the request. Its manage token is always the client's (it is in the asker's private
 * link), so a retry of the same create is answered exactly as the first; anything else on a taken id is a 409.
 */
export async function createRequest(request: IRequest, env: Env) {
  const config = readConfig(env);
  // An answer is a note without a password (only the asker's key opens it), which such an instance refuses.
  if (config.passwordRequired) {
    throw new StatusError(403, "This instance requires a password on every note (PASSWORD_REQUIRED): no requests.");
  }
  const body = await readSmallJson(request);
  const id = input.requestId(body.id);
  const create: CreateRequest = {
    publicKey: input.publicKey(body.publicKey),
    description: input.description(body.description),
    answers: input.answers(body.answers, config),
    ttlSeconds: valid.ttl(body.ttl, config),
    manageHash: await sha256(valid.exactBytes(body.manageToken, 32, "manageToken")),
    retentionSeconds: config.receiptRetention,
  };
  const stub = requestStub(env, id);
  // A call that threw may have committed: asking again is safe, and answers whether this create is there.
  const attempt = (): Promise<Created> => stub.create(create);
  const created = await attempt()
    .catch(attempt)
    .catch((): never => {
      throw retryLater(503, 5, "The server could not confirm that the request was created. Please try again.");
    });
  if (!created.created) throw new StatusError(409, "That request id is already taken; generate a new random id.");
  return new Response(JSON.stringify({ id, expiresAt: created.expiresAt }), {
    status: 201,
    headers: { "Content-Type": "application/json; charset=utf-8" },
  });
}

/** GET /api/requests/:id — what an answerer with the request proof needs (key, sealed description); consumes nothing. */
export async function requestStatus(request: IRequest, env: Env) {
  const id = input.requestId(request.params.id);
  const status = await requestStub(env, id).status();
  if (!status || !(await proofHolds(request, id, status.publicKey))) throw requestGone();
  return { id, ...status };
}

/** GET /api/requests/:id/answers — the asker's state and answers, each with how its note stands. */
export async function requestAnswers(request: IRequest, env: Env) {
  const view = await readAnswers(env, input.requestId(request.params.id), await bearerHash(request));
  const answers = await Promise.all(view.answers.map((answer) => withNote(env, answer)));
  return { state: view.state, expiresAt: view.expiresAt, answersLeft: view.answersLeft, answers };
}

/** The asker's view behind both the API and the asker's page fragment: one authorization, one answer for "gone". */
export async function readAnswers(env: Env, id: string, manageHash: ArrayBuffer | null): Promise<RequestAnswers> {
  if (!manageHash) throw new StatusError(403, "The request's answers need its manage token as Authorization: Bearer.");
  const result = await requestStub(env, id).answers(manageHash);
  if (result.outcome === "gone") throw requestGone();
  if (result.outcome !== "ok") throw wrongToken();
  return result.view;
}

/** DELETE /api/requests/:id — the asker withdraws it; its answers' notes are deleted before this answers. */
export async function revokeRequest(request: IRequest, env: Env) {
  const id = input.requestId(request.params.id);
  const manageHash = await bearerHash(request);
  if (!manageHash) throw new StatusError(403, "Withdrawing a request needs its manage token as Authorization: Bearer.");
  const result = await requestStub(env, id).revoke(manageHash);
  if (result.outcome === "gone") throw requestGone();
  if (result.outcome !== "revoked") throw wrongToken();
  return new Response(null, { status: 204 });
}

/**
 * An answer for its asker, with its note's state from the note's content-free receipt (the request holds the note's
 * manage hash): "uploading" (wait a moment), "live" (open it), "gone"; `opened` once it was. Left out when the note's
 * object does not answer: the answer itself is what matters.
 */
async function withNote(env: Env, answer: StoredAnswer) {
  const { noteId, sealedKey, at } = answer;
  const receipt = await noteStub(env, noteId)
    .receipt(answer.manageHash)
    .catch(() => null);
  if (!receipt) return { noteId, sealedKey, at };
  if (receipt.outcome !== "ok") return { noteId, sealedKey, at, note: "gone" };
  const { state, events } = receipt.receipt;
  const opened = events.some((event) => event.type === "opened");
  const note = state === "destroyed" ? "gone" : state;
  return opened ? { noteId, sealedKey, at, note, opened } : { noteId, sealedKey, at, note };
}
