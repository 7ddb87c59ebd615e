/**
 * POST /api/requests/:id/answers: the answerer's note is created exactly as POST /api/notes creates one
 * (note-create.ts), once the request's object has recorded the answer and taken one from those left.
 */
import type { IRequest } from "itty-router";
import { readConfig } from "./config";
import { retryLater, StatusError } from "./errors";
import { noteCreated, noteIdTaken, readNote, storeNote } from "./note-create";
import { noteStub } from "./notes";
import { readSmallJson } from "./request-body";
import * as input from "./request-input";
import { proofHolds } from "./request-proof";
import type { AnswerOutcome, NewAnswer } from "./request-types";
import { requestGone, requestStub } from "./requests";

/**
 * Validates the whole answer first (the note by the note rules, then what an answer's note must be, then the sealed
 * key), so that bad input stores nothing; then the request decides, then the note is created. A retry of the same
 * answer (same note, sealed key and note manage token) is accepted again and its note create answered as the first.
 */
export async function answerRequest(request: IRequest, env: Env) {
  const config = readConfig(env);
  const id = input.requestId(request.params.id);
  const body = await readSmallJson(request);
  const note = await readNote(input.answerNote(body.note), config);
  input.answerHeader(note.header.decoded);
  const answer: NewAnswer = {
    noteId: note.id,
    sealedKey: input.sealedKey(body.sealedKey),
    manageHash: note.create.manageHash,
    ttlSeconds: note.create.ttlSeconds,
    shortestTtlSeconds: Math.min(...config.expiryChoices),
  };
  const stub = requestStub(env, id);
  // Checked before the request decides, so that an answer without the request link consumes and stores nothing.
  if (!(await proofHolds(request, id, await stub.publicKey()))) throw requestGone();
  // The answer is idempotent: a call that threw after its transaction committed is recognised when asked again.
  const attempt = (): Promise<AnswerOutcome> => stub.answer(answer);
  const outcome = await attempt()
    .catch(attempt)
    .catch((): never => {
      throw retryLater(503, 5, "The server could not confirm that the answer was recorded. Please try again.");
    });
  const repeat = acceptedRepeat(outcome);
  const created = await storeNote(env, note);
  if (!created.created) {
    // A new answer's note id is another note's: the answer is given back, so that the request still takes a real one.
    // A repeat's note may be its own, opened or deleted since: giving it back would let a replay reopen the request.
    if (!repeat) await stub.withdraw(answer.noteId, answer.manageHash).catch(() => undefined);
    throw noteIdTaken();
  }
  // A withdrawal between the answer and its note found no note to delete: the note goes now (unknown: it stays).
  if (!(await stub.holds(answer.noteId, answer.manageHash).catch(() => true))) {
    await noteStub(env, note.id)
      .revoke({ manageHash: answer.manageHash })
      .catch(() => undefined);
    throw requestGone();
  }
  return noteCreated(note, created.expiresAt);
}

/** Throws the refusal unless the request took the answer; whether it had taken this same answer before. */
function acceptedRepeat(outcome: AnswerOutcome): boolean {
  switch (outcome.outcome) {
    case "accepted":
      return outcome.repeat;
    case "gone":
      throw requestGone();
    case "answered":
      throw new StatusError(409, "This request has already been answered.");
    case "taken":
      throw noteIdTaken();
    case "too-long":
      throw new StatusError(
        400,
        `The answer's note may not outlive the request: "ttl" must be one of the expiry choices up to the ${outcome.secondsLeft} s it has left (or the shortest).`,
      );
  }
}
