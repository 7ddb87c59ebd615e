/** Every API route a client calls, one typed function each (docs/API.md); paths are written nowhere else. */
import { ApiError, type Hooks, request } from "./http";
import { retrying } from "./retry";
import type {
  Config,
  Created,
  NewNote,
  NoteStatus,
  Opened,
  PadOpened,
  PadPut,
  PadSaved,
  PadStatus,
  Proofs,
  Receipt,
} from "./wire";

/** GET /api/config */
export const getConfig = (base: string) => request<Config>(base, "/api/config");

/** POST /api/notes */
export const createNote = (base: string, note: NewNote, hooks: Hooks = {}) =>
  request<Created>(base, "/api/notes", { method: "POST", body: note, onUpload: hooks.onUpload });

/** GET /api/notes/:id (never consumes a view) */
export const noteStatus = (base: string, id: string) => request<NoteStatus>(base, `/api/notes/${id}`);

/** POST /api/notes/:id/open: consumes one view; a 503 is waited out, as it consumed nothing. */
export const openNote = (base: string, id: string, proofs: Proofs, hooks: Hooks = {}) =>
  retrying(
    () =>
      request<Opened>(base, `/api/notes/${id}/open`, {
        method: "POST",
        body: present(proofs),
        onDownload: hooks.onDownload,
      }),
    hooks.onWait,
  );

/** Who may destroy a note: its creator (manage token) or a reader (proof). */
export type NoteAuth = { manageToken: string } | Proofs;

/** DELETE /api/notes/:id */
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

/** POST /api/pads/:slug/open, waiting out a 503 (the latest body still on its way to this location). */
export const openPad = (base: string, slug: string, proofs: Proofs, hooks: Hooks = {}) =>
  retrying(
    () =>
      request<PadOpened>(base, `/api/pads/${slug}/open`, {
        method: "POST",
        body: present(proofs),
        onDownload: hooks.onDownload,
      }),
    hooks.onWait,
  );

/** PUT /api/pads/:slug; a 409 (someone saved first) is an ApiError whose body names the current version. */
export const putPad = (base: string, slug: string, put: PadPut, hooks: Hooks = {}) =>
  request<PadSaved>(base, `/api/pads/${slug}`, { method: "PUT", body: present(put), onUpload: hooks.onUpload });

/** DELETE /api/pads/:slug */
export async function deletePad(base: string, slug: string, proofs: Proofs): Promise<void> {
  await request(base, `/api/pads/${slug}`, { method: "DELETE", body: present(proofs) });
}

/** Drops absent optional fields (a v1 note has no linkProof, a new device no credential) instead of sending null. */
function present<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== null)) as T;
}

// The manage token travels only in this header, never in a URL.
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
