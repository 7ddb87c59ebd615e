/** POST /api/notes: creates a note's object, whose body then arrives in parts (note-upload.ts). */
import type { IRequest } from "itty-router";
import { toBase64Url } from "../crypto/base64url";
import { partSizes } from "../crypto/parts";
import { readConfig } from "./config";
import { randomToken, sha256 } from "./digest";
import { retryLater, StatusError } from "./errors";
import type { Created, CreateNote } from "./note-object";
import { noteStub } from "./notes";
import { readSmallJson } from "./request-body";
import * as valid from "./validate";

/**
 * POST /api/notes — creates the note in its object, uploading: nothing is in KV yet, and readers cannot see it until
 * every part is stored. The manage token (which the parts are uploaded with) is the client's `manageToken` when it
 * sends one (then a retry of the same request is answered exactly as the first), else drawn here; it is returned this
 * once and kept as a hash.
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

  const manageToken =
    input.manageToken == null ? randomToken() : valid.exactBytes(input.manageToken, 32, "manageToken");
  const stub = noteStub(env, id);
  const create: CreateNote = {
    header: header.text,
    wrappedKey: toBase64Url(wrappedKey),
    verifier: verifier.slice().buffer,
    linkVerifier: linkVerifier?.slice().buffer ?? null,
    manageHash: await sha256(manageToken),
    views,
    ttlSeconds: ttl,
    lockoutLimit: config.lockoutLimit,
    retentionSeconds: config.receiptRetention,
    size,
    parts: parts.length,
  };
  // A call that threw may have committed (the object failed or was reset after its transaction): the create is
  // idempotent, so asking again answers whether this request's note is there (and settles, setting its alarm).
  const attempt = (): Promise<Created> => stub.create(create);
  const created = await attempt()
    .catch(attempt)
    .catch((): never => {
      throw retryLater(503, 5, "The server could not confirm that the note was created. Please try again.");
    });
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
