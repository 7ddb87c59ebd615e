/** Every API route a client calls, one typed function each (docs/API.md); paths are written nowhere else. */
import { bodyOf, expectRange, fetchBody, sendBytes } from "./bytes";
import { ApiError, type Hooks, malformed, readAll, request } from "./http";
import { checked, noteOpenMeta, padOpenMeta } from "./meta";
import { retrying } from "./retry";
import type {
  Config,
  Created,
  NewNote,
  NoteOpenMeta,
  NoteStatus,
  PadOpenMeta,
  PadPut,
  PadSaved,
  PadStatus,
  PartStored,
  Proofs,
  Receipt,
} from "./wire";

/** GET /api/config */
export const getConfig = (base: string) => request<Config>(base, "/api/config");

/** POST /api/notes: the note's metadata and body size; the body follows part by part (uploadPart). */
export const createNote = (base: string, note: NewNote, hooks: Pick<Hooks, "signal"> = {}) =>
  request<Created>(base, "/api/notes", { method: "POST", body: note, signal: hooks.signal });

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
export const noteStatus = (base: string, id: string) => request<NoteStatus>(base, `/api/notes/${id}`);

/** An opened note: what `Hushnote-Open` said, and the body as it streams (see downloadBody to resume it). */
export interface OpenedNote {
  meta: NoteOpenMeta;
  body: ReadableStream<Uint8Array>;
}

/** POST /api/notes/:id/open: consumes one view; a 503 is waited out, as it consumed nothing. */
export const openNote = (
  base: string,
  id: string,
  proofs: Proofs,
  hooks: Pick<Hooks, "onWait" | "signal"> = {},
): Promise<OpenedNote> =>
  retrying(
    async () => {
      const response = await fetchBody(base, `/api/notes/${id}/open`, postJson(proofs), hooks.signal);
      return { meta: checked(response, noteOpenMeta), body: bodyOf(response) };
    },
    hooks.onWait,
    hooks.signal,
  );

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

/** DELETE /api/notes/:id (with the manage token it also cancels an upload) */
export async function deleteNote(base: string, id: string, auth: NoteAuth): Promise<void> {
  const path = `/api/notes/${id}`;
  if ("manageToken" in auth) await request(base, path, { method: "DELETE", headers: bearer(auth.manageToken) });
  else await request(base, path, { method: "DELETE", body: present(auth) });
}

/** GET /api/notes/:id/receipt */
export const getReceipt = (base: string, id: string, manageToken: string) =>
  request<Receipt>(base, `/api/notes/${id}/receipt`, { headers: bearer(manageToken) });

/** GET /api/pads/:slug, or null when the address is free. */
export async function padStatus(base: string, slug: string): Promise<PadStatus | null> {
  try {
    return await request<PadStatus>(base, `/api/pads/${slug}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** An opened notepad: what `Hushnote-Open` said, and its body (one part, small enough to hold). */
export interface OpenedPad {
  meta: PadOpenMeta;
  body: Uint8Array;
}

/** POST /api/pads/:slug/open, waiting out a 503 (the latest body still on its way to this location). */
export const openPad = (
  base: string,
  slug: string,
  proofs: Proofs,
  hooks: Pick<Hooks, "onDownload" | "onWait" | "signal"> = {},
): Promise<OpenedPad> =>
  retrying(
    async () => {
      const response = await fetchBody(base, `/api/pads/${slug}/open`, postJson(proofs), hooks.signal);
      const meta = checked(response, padOpenMeta);
      const body = await readAll(response, hooks.onDownload);
      if (meta.size !== null && body.length !== meta.size) throw malformed("the body is not the size it announced");
      return { meta, body };
    },
    hooks.onWait,
    hooks.signal,
  );

/**
 * PUT /api/pads/:slug. With a body: the bytes as octet-stream and `put` in the Hushnote-Save header; without one (a
 * password change) `put` is JSON. A 409 (someone saved first) is an ApiError whose body names the current version.
 */
export function putPad(
  base: string,
  slug: string,
  put: PadPut,
  body: Uint8Array | null,
  hooks: Pick<Hooks, "onUpload" | "signal"> = {},
): Promise<PadSaved> {
  const path = `/api/pads/${slug}`;
  if (!body) return request<PadSaved>(base, path, { method: "PUT", body: present(put), signal: hooks.signal });
  const headers = { "Hushnote-Save": asciiJson(present(put)) };
  return sendBytes<PadSaved>(base, path, { method: "PUT", bytes: body, headers, ...hooks });
}

/** DELETE /api/pads/:slug */
export async function deletePad(base: string, slug: string, proofs: Proofs): Promise<void> {
  await request(base, `/api/pads/${slug}`, { method: "DELETE", body: present(proofs) });
}

const postJson = (fields: object): RequestInit => ({
  method: "POST",
  headers: { Accept: "application/octet-stream, application/json", "Content-Type": "application/json" },
  body: JSON.stringify(present(fields)),
});

/** Compact JSON in printable ASCII, as a header value must be (JSON escapes let any string through). */
const asciiJson = (value: unknown) =>
  JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** Drops absent optional fields (a v1 note has no linkProof, a new device no credential) instead of sending null. */
function present<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== null)) as T;
}

// Manage tokens and grants travel only in this header, never in a URL.
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
