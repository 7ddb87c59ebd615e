/**
 * Reading a note: POST /api/notes/:id/open (burn-after-read) streams the body from KV once the view is consumed; the
 * download grant it issues lets that reader fetch the body again, by byte range, for a while (GET/DELETE …/body).
 */
import type { IRequest } from "itty-router";
import { type ByteRange, bodyResponse, openParts, parseRange, partAt } from "./body-stream";
import { sha256 } from "./digest";
import { retryLater, StatusError } from "./errors";
import { sealEscrow } from "./grant-escrow";
import type { Consumed } from "./note-object";
import { answerRepeat, cancelAll, noGrant, openMeta, RANGES, readOpenRequest } from "./note-open-repeat";
import { bearerHash, gone, noteStub, refused } from "./notes";
import * as valid from "./validate";

/**
 * POST /api/notes/:id/open — the object checks the proofs first (authorize: counts a wrong one, consumes nothing);
 * then every part is confirmed present in KV; only a readable body consumes a view (consume: re-checks, one
 * transaction). The answer is the body as bytes, with the wrapped key and the grant in the Hushnote-Open header. The
 * grant is the client's `grant` when it sends one: a retry with it, while the grant lasts, is answered as the first
 * open was (note-open-repeat.ts), consuming nothing, so a view whose answer was lost is not lost to its reader.
 */
export async function openNote(request: IRequest, env: Env) {
  const id = valid.noteId(request.params.id);
  const { proof, grant } = await readOpenRequest(request, env);
  const grantHash = await sha256(grant);
  const stub = noteStub(env, id);
  const authorized = await stub.authorize(proof, grantHash);
  if (authorized.outcome === "gone") throw gone();
  if (authorized.outcome === "repeat") return answerRepeat(env, grant, authorized);
  if (authorized.outcome !== "authorized") throw refused(authorized);
  const opened = await openParts(env.NOTES, authorized.parts);
  if (!opened) {
    // A racer may have taken the last view (and its body) meanwhile; otherwise the body has not reached this location
    // yet, and a granted read that cannot deliver must never use up a view.
    if (!(await stub.status())) throw gone();
    throw retryLater(
      503,
      2,
      "This note is still on its way to this location. Try again in a moment; nothing was used up.",
    );
  }
  const consume = (escrow: string): Promise<Consumed> => stub.consume(proof, grantHash, escrow);
  const result = await sealEscrow(grant, authorized.wrappedKey)
    .then(consume)
    .catch(async (thrown) => {
      await cancelAll(opened);
      throw thrown;
    });
  if (result.outcome !== "granted") {
    await cancelAll(opened);
    throw result.outcome === "gone" ? gone() : refused(result);
  }
  const meta = openMeta(authorized.wrappedKey, result.viewsLeft, authorized.size, grant, result.grantExpiresAt);
  return bodyResponse(env.NOTES, authorized.parts, null, opened, meta);
}

/**
 * GET /api/notes/:id/body — the body again for the holder of a download grant, whole or from a byte range (a resumed
 * download); consumes nothing, and works after the open that issued the grant burned the note, until the grant ends.
 */
export async function readNoteBody(request: IRequest, env: Env) {
  const id = valid.noteId(request.params.id);
  const grantHash = await grantOf(request);
  const result = await noteStub(env, id).download(grantHash);
  if (result.outcome === "gone") throw gone();
  if (result.outcome === "no-grant") throw noGrant();
  const range = parseRange(request.headers.get("Range"), result.size);
  // A range names a size, so every part's is known: parts before the one holding its start are never read.
  const opened = await openParts(env.NOTES, result.parts, range ? partAt(result.parts, range.start) : 0);
  if (!opened) throw retryLater(503, 2, "The note's body is not readable here just now. Try again in a moment.");
  const headers: Record<string, string> = range ? { "Content-Range": contentRange(range, result.size!) } : {};
  return bodyResponse(env.NOTES, result.parts, range, opened, { ...RANGES, ...headers });
}

/** DELETE /api/notes/:id/body — the reader has every byte: the grant ends, and a burned note's body goes with it. */
export async function finishNoteBody(request: IRequest, env: Env) {
  const id = valid.noteId(request.params.id);
  const result = await noteStub(env, id).finishDownload(await grantOf(request));
  if (result.outcome === "gone") throw gone();
  if (result.outcome === "no-grant") throw noGrant();
  return new Response(null, { status: 204 });
}

/** The grant from `Authorization: Bearer <grant>`, hashed (403 without one). */
async function grantOf(request: Request): Promise<ArrayBuffer> {
  const hash = await bearerHash(request, "download grant");
  if (!hash) throw new StatusError(403, "Reading the body again needs the download grant as Authorization: Bearer.");
  return hash;
}

const contentRange = (range: ByteRange, size: number) => `bytes ${range.start}-${range.end}/${size}`;
