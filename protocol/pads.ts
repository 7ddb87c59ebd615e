/** The notepad routes of docs/API.md (re-exported by api.ts, the one list of routes a client calls). */
import { fetchBody, sendBytes } from "./bytes";
import { ApiError, type Hooks, malformed, readAll, request } from "./http";
import { checked, padOpenMeta } from "./meta";
import { reading } from "./reading";
import { asciiJson, postJson, present, randomKey } from "./request-shapes";
import { answerLost, CALLS, deleting, persistence, persistently, retrying } from "./retry";
import type { PadOpenMeta, PadPut, PadSaved, PadStatus, Proofs } from "./wire";

/** GET /api/pads/:slug, or null when the address is free. */
export async function padStatus(
  base: string,
  slug: string,
  hooks: Pick<Hooks, "backoffMs"> = {},
): Promise<PadStatus | null> {
  try {
    return await reading<PadStatus>(base, `/api/pads/${slug}`, {}, hooks);
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

/**
 * POST /api/pads/:slug/open, waiting out a 503 (the latest body still on its way to this location) and retrying no
 * answer or another 5xx: an open changes nothing but the device credential it may hand out, which a retry replaces.
 */
export const openPad = (
  base: string,
  slug: string,
  proofs: Proofs,
  hooks: Pick<Hooks, "onDownload" | "onWait" | "signal" | "backoffMs"> = {},
): Promise<OpenedPad> =>
  retrying(
    async () => {
      const response = await fetchBody(base, `/api/pads/${slug}/open`, postJson(proofs), hooks.signal);
      const meta = checked(response, padOpenMeta);
      const body = await readAll(response, hooks.onDownload);
      if (meta.size !== null && body.length !== meta.size) throw malformed("the body is not the size it announced");
      return { meta, body };
    },
    hooks,
    true,
  );

/**
 * PUT /api/pads/:slug. With a body: the bytes as octet-stream and `put` in the Hushnote-Save header; without one (a
 * password change) `put` is JSON. The save id (the caller's or drawn here) makes a retry after no answer or a 5xx the
 * same save, answered with the version it made. A 409 (someone saved first) is an ApiError naming the current version.
 */
export function putPad(
  base: string,
  slug: string,
  put: PadPut,
  body: Uint8Array | null,
  hooks: Pick<Hooks, "onUpload" | "signal" | "backoffMs"> = {},
): Promise<PadSaved> {
  const path = `/api/pads/${slug}`;
  const fields = present({ ...put, saveId: put.saveId ?? randomKey(16) });
  const { onUpload, signal } = hooks;
  const headers = { "Hushnote-Save": asciiJson(fields) };
  const save = body
    ? () => sendBytes<PadSaved>(base, path, { method: "PUT", bytes: body, headers, onUpload, signal })
    : () => request<PadSaved>(base, path, { method: "PUT", body: fields, signal });
  return persistently(save, { ...persistence(CALLS, hooks), retryOn: answerLost });
}

/** DELETE /api/pads/:slug, retried as deleteNote is. */
export function deletePad(
  base: string,
  slug: string,
  proofs: Proofs,
  hooks: Pick<Hooks, "signal" | "backoffMs"> = {},
): Promise<void> {
  const call = () =>
    request(base, `/api/pads/${slug}`, { method: "DELETE", body: present(proofs), signal: hooks.signal });
  return deleting(call, persistence(CALLS, hooks));
}
