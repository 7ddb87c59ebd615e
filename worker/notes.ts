/** The note routes of docs/API.md: create, status, open (burn-after-read), revoke and receipt. */
import type { IRequest } from "itty-router";
import { toBase64Url } from "../crypto/base64url";
import { getBody, noteBodyKey, putBody } from "./bodies";
import { readConfig } from "./config";
import { randomToken, sha256 } from "./digest";
import { StatusError, retryLater } from "./errors";
import type { Denied, Receipt } from "./note-object";
import { maxRequestBytes, readJsonObject, readProofHash } from "./request-body";
import * as valid from "./validate";

/** The one answer for unknown, expired, burned and deleted notes alike, so none can be told apart. */
const GONE_MESSAGE = "There is no note here. It may have expired, been read, or been deleted — or it never existed.";

function noteStub(env: Env, id: string) {
  return env.NOTE_OBJECT.get(env.NOTE_OBJECT.idFromName(`note:${id}`));
}

function gone(): StatusError {
  return new StatusError(404, GONE_MESSAGE);
}

function wrongProof({ triesLeft }: Denied): StatusError {
  if (triesLeft === null) return new StatusError(403, "That manage token is not the one for this note.");
  const error = triesLeft === 0
    ? "That key or password is wrong, and this was the last try: the note has been destroyed."
    : `That key or password is wrong. ${triesLeft} more wrong ${triesLeft === 1 ? "try destroys" : "tries destroy"} the note.`;
  return new StatusError(403, { error, triesLeft });
}

/** The manage token from `Authorization: Bearer …`, hashed; null when the header is absent. */
export async function bearerHash(request: Request): Promise<ArrayBuffer | null> {
  const header = request.headers.get("Authorization");
  if (header === null) return null;
  const match = /^Bearer (\S+)$/.exec(header);
  if (!match) throw new StatusError(400, "Authorization must be \"Bearer <manage token>\".");
  return sha256(valid.exactBytes(match[1], 32, "manage token"));
}

/** POST /api/notes — stores a new note; the manage token is returned this once and kept only as a hash. */
export async function createNote(request: IRequest, env: Env) {
  const config = readConfig(env);
  const input = await readJsonObject(request, maxRequestBytes(config.maxBodyBytes));
  const id = valid.noteId(input.id);
  const views = valid.views(input.views, config);
  const ttl = valid.ttl(input.ttl, config);
  const header = valid.header(input.header, { kind: "note", id, views, ttl }, config);
  const wrappedKey = valid.exactBytes(input.wrappedKey, valid.WRAPPED_KEY_BYTES, "wrappedKey");
  const verifier = valid.exactBytes(input.verifier, valid.DIGEST_BYTES, "verifier");
  const body = await valid.ciphertextBody(input.body, config.maxBodyBytes);

  const manageToken = randomToken();
  const stub = noteStub(env, id);
  const created = await stub.create({
    bodyKey: noteBodyKey(id),
    header,
    wrappedKey: toBase64Url(wrappedKey),
    verifier: verifier.slice().buffer,
    manageHash: await sha256(manageToken),
    views,
    ttlSeconds: ttl,
    lockoutLimit: config.lockoutLimit,
    retentionSeconds: config.receiptRetention,
  });
  if (!created.created) throw new StatusError(409, "That note id is already taken; generate a new random id.");
  try {
    await putBody(env.NOTES, noteBodyKey(id), body, ttl);
  } catch {
    await stub.abandon();
    throw retryLater(503, 5, "The note could not be stored just now. Nothing was kept; please try again.");
  }
  return new Response(
    JSON.stringify({ id, expiresAt: created.expiresAt, viewsLeft: views, manageToken: toBase64Url(manageToken) }),
    { status: 201, headers: { "Content-Type": "application/json; charset=utf-8" } },
  );
}

/** GET /api/notes/:id — what the note is (header, views left, expiry); never consumes a view. */
export async function noteStatus(request: IRequest, env: Env) {
  const id = valid.noteId(request.params.id);
  const status = await noteStub(env, id).status();
  if (!status) throw gone();
  return { id, ...status };
}

/** POST /api/notes/:id/open — proves knowledge of the key and consumes one view, only if the body can be delivered. */
export async function openNote(request: IRequest, env: Env) {
  const id = valid.noteId(request.params.id);
  const proofHash = await readProofHash(request);
  const stub = noteStub(env, id);
  // Read the body before consuming: a granted read that cannot deliver must never use up a view.
  const body = await getBody(env.NOTES, noteBodyKey(id));
  if (!body) {
    if (!(await stub.status())) throw gone();
    throw retryLater(503, 2, "This note is still on its way to this location. Try again in a moment; nothing was used up.");
  }
  const result = await stub.open(proofHash);
  if (result.outcome === "gone") throw gone();
  if (result.outcome === "denied") throw wrongProof(result);
  return { wrappedKey: result.wrappedKey, body: toBase64Url(body), viewsLeft: result.viewsLeft };
}

/** DELETE /api/notes/:id — the creator revokes (Bearer manage token) or a reader burns it now (`{proof}`). */
export async function deleteNote(request: IRequest, env: Env) {
  const id = valid.noteId(request.params.id);
  const manageHash = await bearerHash(request);
  const auth = manageHash ? { manageHash } : { proofHash: await readProofHash(request) };
  const result = await noteStub(env, id).revoke(auth);
  if (result.outcome === "gone") throw gone();
  if (result.outcome === "denied") throw wrongProof(result);
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
  if (result.outcome === "denied") throw wrongProof(result);
  return result.receipt;
}
