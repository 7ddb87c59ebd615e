/**
 * POST /api/notes: creates a note's object, whose body then arrives in parts (note-upload.ts). The answer to a secret
 * request (request-answer.ts) creates its note through the same validation, object call and answer.
 */
import type { IRequest } from "itty-router";
import { toBase64Url } from "../crypto/base64url";
import { partSizes } from "../crypto/parts";
import { type Config, readConfig } from "./config";
import { randomToken, sha256 } from "./digest";
import { retryLater, StatusError } from "./errors";
import type { Created, CreateNote } from "./note-object";
import { noteStub } from "./notes";
import { readSmallJson } from "./request-body";
import * as valid from "./validate";

/** A create request, validated: what the note's object stores, and what its creator is answered. */
export interface NoteInput {
  id: string;
  views: number | null;
  header: valid.ValidHeader;
  parts: number[];
  manageToken: Uint8Array;
  create: CreateNote;
}

/**
 * POST /api/notes — creates the note in its object, uploading: nothing is in KV yet, and readers cannot see it until
 * every part is stored. The manage token (which the parts are uploaded with) is the client's `manageToken` when it
 * sends one (then a retry of the same request is answered exactly as the first), else drawn here; it is returned this
 * once and kept as a hash.
 */
export async function createNote(request: IRequest, env: Env) {
  const note = await readNote(await readSmallJson(request), readConfig(env));
  const created = await storeNote(env, note);
  if (!created.created) throw noteIdTaken();
  return noteCreated(note, created.expiresAt);
}

/** Every rule of a note's create body (docs/API.md, POST /api/notes), checked before anything is stored. */
export async function readNote(input: Record<string, unknown>, config: Config): Promise<NoteInput> {
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
  return { id, views, header, parts, manageToken, create };
}

/**
 * Creates the note in its object. A call that threw may have committed (the object failed or was reset after its
 * transaction): the create is idempotent, so asking again answers whether this request's note is there (and settles,
 * setting its alarm). 503 when it cannot be told.
 */
export async function storeNote(env: Env, note: NoteInput): Promise<Created> {
  const stub = noteStub(env, note.id);
  const attempt = (): Promise<Created> => stub.create(note.create);
  return attempt()
    .catch(attempt)
    .catch((): never => {
      throw retryLater(503, 5, "The server could not confirm that the note was created. Please try again.");
    });
}

/** The 409 of a note id in use by another note (or by a destroyed one). */
export function noteIdTaken(): StatusError {
  return new StatusError(409, "That note id is already taken; generate a new random id.");
}

/** The 201 answer: the parts to upload, and the manage token to upload them with. */
export function noteCreated(note: NoteInput, expiresAt: number): Response {
  const { id, views: viewsLeft, parts } = note;
  return new Response(JSON.stringify({ id, expiresAt, viewsLeft, manageToken: toBase64Url(note.manageToken), parts }), {
    status: 201,
    headers: { "Content-Type": "application/json; charset=utf-8" },
  });
}
