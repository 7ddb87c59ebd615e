/**
 * Every API route a client calls, one typed function each (docs/API.md); paths are written nowhere else. Creates,
 * opens and saves carry a key the client draws (manageToken, grant, saveId), so their retries are the same request,
 * which the server answers as it answered the first.
 */
import { bodyOf, expectRange, fetchBody, sendBytes } from "./bytes";
import { type Hooks, request } from "./http";
import { checked, noteOpenMeta } from "./meta";
import { reading } from "./reading";
import { bearer, postJson, present, randomKey } from "./request-shapes";
import { CALLS, deleting, persistence, persistently, retrying } from "./retry";
import type { Config, Created, NewNote, NoteOpenMeta, NoteStatus, PartStored, Proofs, Receipt } from "./wire";

/** GET /api/config */
export const getConfig = (base: string, hooks: Pick<Hooks, "backoffMs"> = {}) =>
  reading<Config>(base, "/api/config", {}, hooks);

/**
 * POST /api/notes: the note's metadata and body size; the body follows part by part (uploadPart). The manage token
 * is the caller's or drawn here, and sent, so that a retry (no answer, a 5xx, a 429) is answered as the first create.
 */
export function createNote(
  base: string,
  note: NewNote,
  hooks: Pick<Hooks, "signal" | "backoffMs"> = {},
): Promise<Created> {
  const body = { ...note, manageToken: note.manageToken ?? randomKey(32) };
  const create = () => request<Created>(base, "/api/notes", { method: "POST", body, signal: hooks.signal });
  return persistently(create, persistence(CALLS, hooks));
}

/** PUT /api/notes/:id/parts/:n: one part's bytes, exactly the size `createNote` answered for it. */
export const uploadPart = (
  base: string,
  id: string,
  n: number,
  bytes: Uint8Array,
  manageToken: string,
  hooks: Pick<Hooks, "onUpload" | "signal"> = {},
) =>
  sendBytes<PartStored>(base, `/api/notes/${id}/parts/${n}`, {
    method: "PUT",
    bytes,
    headers: bearer(manageToken),
    ...hooks,
  });

/** GET /api/notes/:id (never consumes a view) */
export const noteStatus = (base: string, id: string, hooks: Pick<Hooks, "backoffMs"> = {}) =>
  reading<NoteStatus>(base, `/api/notes/${id}`, {}, hooks);

/** An opened note: what `Hushnote-Open` said, and the body as it streams (see downloadBody to resume it). */
export interface OpenedNote {
  meta: NoteOpenMeta;
  body: ReadableStream<Uint8Array>;
}

/**
 * POST /api/notes/:id/open: consumes one view. A 503 is waited out, as it consumed nothing; no answer or another 5xx
 * is retried with the same grant (the caller's or drawn here), which the server answers as the open that used it.
 */
export function openNote(
  base: string,
  id: string,
  proofs: Proofs,
  hooks: Pick<Hooks, "onWait" | "signal" | "backoffMs"> = {},
): Promise<OpenedNote> {
  const init = postJson({ ...proofs, grant: proofs.grant ?? randomKey(32) });
  const open = async () => {
    const response = await fetchBody(base, `/api/notes/${id}/open`, init, hooks.signal);
    return { meta: checked(response, noteOpenMeta), body: bodyOf(response) };
  };
  return retrying(open, hooks, true);
}

/**
 * GET /api/notes/:id/body with the open's download grant, from byte `from` on (a resumed download). A server that
 * answers a range with anything but that range (a 200 with the whole body, a 206 starting elsewhere) is refused:
 * the bytes before `from` were already handed on and cannot be taken back.
 */
export async function readNoteBody(
  base: string,
  id: string,
  grant: string,
  from: number,
  signal?: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  const headers: Record<string, string> = bearer(grant);
  if (from > 0) headers.Range = `bytes=${from}-`;
  const response = await fetchBody(base, `/api/notes/${id}/body`, { headers }, signal);
  if (from > 0) await expectRange(response, from);
  return bodyOf(response);
}

/** DELETE /api/notes/:id/body: the reader has every byte, so the grant ends (and a burned note's body goes now). */
export async function finishNoteBody(base: string, id: string, grant: string): Promise<void> {
  await request(base, `/api/notes/${id}/body`, { method: "DELETE", headers: bearer(grant) });
}

/** Who may destroy a note: its creator (manage token) or a reader (proof). */
export type NoteAuth = { manageToken: string } | Proofs;

/**
 * DELETE /api/notes/:id (with the manage token it also cancels an upload). Transient failures are retried, and a 404
 * after one means the attempt whose answer was lost deleted it.
 */
export function deleteNote(
  base: string,
  id: string,
  auth: NoteAuth,
  hooks: Pick<Hooks, "signal" | "backoffMs"> = {},
): Promise<void> {
  const how = "manageToken" in auth ? { headers: bearer(auth.manageToken) } : { body: present(auth) };
  const call = () => request(base, `/api/notes/${id}`, { method: "DELETE", ...how, signal: hooks.signal });
  return deleting(call, persistence(CALLS, hooks));
}

/** GET /api/notes/:id/receipt */
export const getReceipt = (base: string, id: string, manageToken: string) =>
  reading<Receipt>(base, `/api/notes/${id}/receipt`, bearer(manageToken));

export { deletePad, type OpenedPad, openPad, padStatus, putPad } from "./pads";
export { answerRequest, createRequest, requestAnswers, requestStatus, revokeRequest } from "./requests";
