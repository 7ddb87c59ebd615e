/** POST /api/notes: creates a note's object, whose body then arrives in parts (note-upload.ts). */
import type { IRequest } from "itty-router";
import { toBase64Url } from "../crypto/base64url";
import { partSizes } from "../crypto/parts";
import { readConfig } from "./config";
import { randomToken, sha256 } from "./digest";
import { retryLater, StatusError } from "./errors";
import type { Created } from "./note-object";
import { noteStub } from "./notes";
import { readSmallJson } from "./request-body";
import * as valid from "./validate";

/**
 * POST /api/notes — creates the note in its object, uploading: nothing is in KV yet, and readers cannot see it until
 * every part is stored. The manage token (which the parts are uploaded with) is returned this once, kept as a hash.
 */
export async function createNote(request: IRequest, env: Env) {
  const config = readConfig(env);
  const input = await readSmallJson(request);
  const id = valid.noteId(input.id);
  const views = valid.views(input.views, config);
  const ttl = valid.ttl(input.ttl, config);
  const header = await valid.header(input.header, { kind: "note", id, views, ttl }, config);
  const wrappedKey = valid.wrappedKey(input.wrappedKey, header.decoded);
  const verifier = valid.exactBytes(input.verifier, valid.DIGEST_BYTES, "verifier");
  const linkVerifier = valid.linkVerifier(input.linkVerifier, header.decoded);
  const size = valid.noteSize(input.size, header.decoded, config);
  const parts = partSizes(size, header.decoded.v);

  const manageToken = randomToken();
  const manageHash = await sha256(manageToken);
  const stub = noteStub(env, id);
  let created: Created;
  try {
    created = await stub.create({
      header: header.text,
      wrappedKey: toBase64Url(wrappedKey),
      verifier: verifier.slice().buffer,
      linkVerifier: linkVerifier?.slice().buffer ?? null,
      manageHash,
      views,
      ttlSeconds: ttl,
      lockoutLimit: config.lockoutLimit,
      retentionSeconds: config.receiptRetention,
      size,
      parts: parts.length,
    });
  } catch (thrown) {
    created = await createdAnyway(stub, manageHash, thrown);
  }
  if (!created.created) throw new StatusError(409, "That note id is already taken; generate a new random id.");
  return new Response(
    JSON.stringify({
      id,
      expiresAt: created.expiresAt,
      viewsLeft: views,
      manageToken: toBase64Url(manageToken),
      parts,
    }),
    { status: 201, headers: { "Content-Type": "application/json; charset=utf-8" } },
  );
}

/**
 * A create whose call threw may still have committed (the object failed or was reset after its transaction): if the
 * object holds this request's manage token the note is the caller's, and is answered as created (asking settles, so
 * the alarm a failed settle left unset is set too); if it does not, the error stands; if it cannot be asked, 503.
 */
async function createdAnyway(
  stub: ReturnType<typeof noteStub>,
  manageHash: ArrayBuffer,
  thrown: unknown,
): Promise<Created> {
  const asked = await stub.receipt(manageHash).catch(() => null);
  if (asked?.outcome === "ok") return { created: true, expiresAt: asked.receipt.expiresAt };
  if (asked) throw thrown;
  throw retryLater(503, 5, "The server could not confirm that the note was created. Please try again with a new link.");
}
