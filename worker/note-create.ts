/** POST /api/notes: stores a new note, body first, and settles a create whose reply was lost. */
import type { IRequest } from "itty-router";
import { toBase64Url } from "../crypto/base64url";
import { deleteBody, noteBodyKey, putBody, releaseUpload } from "./bodies";
import { readConfig } from "./config";
import { randomToken, sha256 } from "./digest";
import { retryLater, StatusError } from "./errors";
import type { Created } from "./note-object";
import { noteStub } from "./notes";
import { maxRequestBytes, readJsonObject } from "./request-body";
import * as valid from "./validate";

/**
 * POST /api/notes — stores a new note; the manage token is returned this once and kept only as a hash. The body goes
 * to KV first, under a fresh key, so no live note can exist without its body; a refused create deletes it again, and
 * a failed one only once its object says it does not name it.
 */
export async function createNote(request: IRequest, env: Env) {
  const config = readConfig(env);
  const input = await readJsonObject(request, maxRequestBytes(config.maxBodyBytes));
  const id = valid.noteId(input.id);
  const views = valid.views(input.views, config);
  const ttl = valid.ttl(input.ttl, config);
  const header = await valid.header(input.header, { kind: "note", id, views, ttl }, config);
  const wrappedKey = valid.wrappedKey(input.wrappedKey, header.decoded);
  const verifier = valid.exactBytes(input.verifier, valid.DIGEST_BYTES, "verifier");
  const linkVerifier = valid.linkVerifier(input.linkVerifier, header.decoded);
  const body = await valid.ciphertextBody(input.body, config.maxBodyBytes);

  const bodyKey = noteBodyKey(id);
  try {
    await putBody(env.NOTES, bodyKey, body, ttl);
  } catch {
    throw retryLater(503, 5, "The note could not be stored just now. Nothing was kept; please try again.");
  }
  const manageToken = randomToken();
  const stub = noteStub(env, id);
  let created: Created;
  try {
    created = await stub.create({
      bodyKey,
      header: header.text,
      wrappedKey: toBase64Url(wrappedKey),
      verifier: verifier.slice().buffer,
      linkVerifier: linkVerifier?.slice().buffer ?? null,
      manageHash: await sha256(manageToken),
      views,
      ttlSeconds: ttl,
      lockoutLimit: config.lockoutLimit,
      retentionSeconds: config.receiptRetention,
    });
  } catch (thrown) {
    created = await createdAnyway(env, stub, bodyKey, thrown);
  }
  if (!created.created) {
    await deleteBody(env.NOTES, bodyKey);
    throw new StatusError(409, "That note id is already taken; generate a new random id.");
  }
  return new Response(
    JSON.stringify({ id, expiresAt: created.expiresAt, viewsLeft: views, manageToken: toBase64Url(manageToken) }),
    { status: 201, headers: { "Content-Type": "application/json; charset=utf-8" } },
  );
}

/**
 * A create whose call threw may still have committed (the object failed or was reset after its transaction): if the
 * object names this upload the note exists and is the caller's (the key is fresh), so it is answered as created; if
 * not, the upload is deleted and the error stands; if the object cannot be asked, the body stays and the caller
 * hears 503.
 */
async function createdAnyway(
  env: Env,
  stub: ReturnType<typeof noteStub>,
  bodyKey: string,
  thrown: unknown,
): Promise<Created> {
  const fate = await releaseUpload(env.NOTES, stub, bodyKey);
  if (fate === "deleted") throw thrown;
  // status() settles, so it also sets the alarm that a failed settle after the create may have left unset.
  const status = fate === "named" ? await stub.status().catch(() => null) : null;
  if (status) return { created: true, expiresAt: status.expiresAt };
  throw retryLater(503, 5, "The server could not confirm that the note was stored. Please try again with a new link.");
}
