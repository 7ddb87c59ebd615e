/**
 * The note routes of docs/API.md besides create (note-create.ts), uploads (note-upload.ts) and reading (note-open.ts):
 * status, revoke, receipt, and what they all share.
 */
import type { IRequest } from "itty-router";
import { sha256 } from "./digest";
import { retryLater, StatusError } from "./errors";
import type { NoteProof, Receipt, Refused } from "./note-object";
import { clientKeys } from "./rate-limit";
import { proofHashesOf, readSmallJson } from "./request-body";
import * as valid from "./validate";

/** The one answer for unknown, expired, burned and deleted notes alike, so none can be told apart. */
const GONE_MESSAGE = "There is no note here. It may have expired, been read, or been deleted — or it never existed.";

/** The Durable Object that holds note `id`. */
export function noteStub(env: Env, id: string) {
  return env.NOTE_OBJECT.get(env.NOTE_OBJECT.idFromName(`note:${id}`));
}

/** The 404 for a note that is not there (or not yet readable). */
export function gone(): StatusError {
  return new StatusError(404, GONE_MESSAGE);
}

/** A refused proof: 403 with what was wrong (and the tries left when counted), or 429 while the client must wait. */
export function refused(result: Refused): StatusError {
  if (result.outcome === "waiting") {
    const seconds = result.retryAfter;
    return retryLater(
      429,
      seconds,
      `Too many wrong passwords from your network for this note. Try again in ${seconds} s.`,
    );
  }
  const { wrong, triesLeft, retryAfter } = result;
  if (wrong === "token") return new StatusError(403, "That manage token is not the one for this note.");
  if (wrong === "key") {
    return new StatusError(
      403,
      "Wrong key: this link's key does not open this note. Check that you have the whole link. Nothing was counted.",
    );
  }
  const what = wrong === "either" ? "That key or password is wrong." : "That password is wrong.";
  if (triesLeft !== null) {
    const error =
      triesLeft === 0
        ? `${what} This was the last try: the note has been destroyed.`
        : `${what} ${triesLeft} more wrong ${triesLeft === 1 ? "try destroys" : "tries destroy"} the note.`;
    return new StatusError(403, { error, triesLeft });
  }
  // A wrong proof that starts the client's wait says so in `retryAfter` (and the Retry-After header), like a 429.
  if (retryAfter !== null)
    return new StatusError(403, {
      error: `${what} Your network must wait ${retryAfter} s before the next try.`,
      retryAfter,
    });
  return new StatusError(403, what);
}

/** The reader's proofs from the JSON body, with the keys its network is counted under. */
export async function readNoteProof(request: Request, env: Env): Promise<NoteProof> {
  return readNoteProofFrom(await readSmallJson(request), request, env);
}

/** As readNoteProof, from a JSON body already read (an open's, which carries its grant too). */
export async function readNoteProofFrom(
  input: Record<string, unknown>,
  request: Request,
  env: Env,
): Promise<NoteProof> {
  return { ...(await proofHashesOf(input)), clients: await clientKeys(request, env) };
}

/** The manage token (or a download grant) from `Authorization: Bearer …`, hashed; null when the header is absent. */
export async function bearerHash(request: Request, what = "manage token"): Promise<ArrayBuffer | null> {
  const header = request.headers.get("Authorization");
  if (header === null) return null;
  const match = /^Bearer (\S+)$/.exec(header);
  if (!match) throw new StatusError(400, `Authorization must be "Bearer <${what}>".`);
  return sha256(valid.exactBytes(match[1], 32, what));
}

/** GET /api/notes/:id — what the note is (header, views left, expiry); never consumes a view. */
export async function noteStatus(request: IRequest, env: Env) {
  const id = valid.noteId(request.params.id);
  const status = await noteStub(env, id).status();
  if (!status) throw gone();
  return { id, ...status };
}

/** DELETE /api/notes/:id — the creator revokes (Bearer manage token) or a reader burns it now (`{proof, linkProof?}`). */
export async function deleteNote(request: IRequest, env: Env) {
  const id = valid.noteId(request.params.id);
  const manageHash = await bearerHash(request);
  const auth = manageHash ? { manageHash } : await readNoteProof(request, env);
  const result = await noteStub(env, id).revoke(auth);
  if (result.outcome === "gone") throw gone();
  if (result.outcome !== "destroyed") throw refused(result);
  return new Response(null, { status: 204 });
}

/** GET /api/notes/:id/receipt — content-free status and events for the holder of the manage token. */
export async function noteReceipt(request: IRequest, env: Env): Promise<Receipt> {
  return readReceipt(env, valid.noteId(request.params.id), await bearerHash(request));
}

/** The receipt behind both the API and the manage page's fragment: one authorization, one answer for "gone". */
export async function readReceipt(env: Env, id: string, manageHash: ArrayBuffer | null): Promise<Receipt> {
  if (!manageHash) throw new StatusError(403, "The receipt needs the manage token as Authorization: Bearer <token>.");
  const result = await noteStub(env, id).receipt(manageHash);
  if (result.outcome === "gone") throw gone();
  if (result.outcome !== "ok") throw refused(result);
  return result.receipt;
}
