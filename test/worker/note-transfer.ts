/** A note's bytes over the API as clients move them: parts uploaded after create, the body read after an open. */
import { call, callWith } from "./call";

/** The Hushnote-Open header of a 200 open. */
export interface OpenMeta {
  wrappedKey: string;
  viewsLeft: number | null;
  size: number | null;
  grant: string;
  grantExpiresAt: number;
}

/** An open as a reader ends up holding it: for a 200 the meta and every body byte; otherwise the JSON refusal. */
export interface Opened {
  status: number;
  headers: Headers;
  meta: OpenMeta | null;
  body: Uint8Array | null;
  /** A refusal's JSON `{status, error, …}`; a 200 has no JSON (read `meta` and `body`). */
  json(): Promise<Record<string, unknown>>;
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** PUT one part: `bytes` as application/octet-stream with its Content-Length unless `headers` say otherwise. */
export function putPart(id: string, n: number, bytes: BodyInit, token: string, headers: Record<string, string> = {}) {
  const length: Record<string, string> =
    bytes instanceof Uint8Array ? { "Content-Length": String(bytes.byteLength) } : {};
  return call("PUT", `/api/notes/${id}/parts/${n}`, {
    raw: bytes,
    headers: { "Content-Type": "application/octet-stream", ...length, ...bearer(token), ...headers },
  });
}

/** Uploads `body` cut at the sizes create answered, part after part; throws on anything but 200. */
export async function uploadParts(id: string, token: string, body: Uint8Array, parts: number[]) {
  let offset = 0;
  for (const [n, size] of parts.entries()) {
    const response = await putPart(id, n, body.subarray(offset, offset + size), token);
    if (response.status !== 200) throw new Error(`part ${n} failed: ${response.status} ${await response.text()}`);
    offset += size;
  }
}

/** POST …/open as it comes back: the raw response, body unread. `vars` overrides bindings (as callWith). */
export function openRaw(
  id: string,
  proof: string,
  linkProof: string | null = null,
  from?: string,
  vars: Record<string, unknown> = {},
) {
  const headers: Record<string, string> = from ? { "CF-Connecting-IP": from } : {};
  return callWith(vars, "POST", `/api/notes/${id}/open`, {
    json: linkProof ? { proof, linkProof } : { proof },
    headers,
  });
}

/** POST …/open with the client's own grant (a retry sends the same one), body unread. */
export function openWithGrant(id: string, proof: string, grant: string, linkProof: string | null = null) {
  return call("POST", `/api/notes/${id}/open`, { json: linkProof ? { proof, linkProof, grant } : { proof, grant } });
}

/**
 * Opens a note as a reader's client does: reads the whole body, then says it is done (DELETE …/body with the grant),
 * which ends the grant and lets a burned note's body go. `from` sets the client address (CF-Connecting-IP).
 */
export async function openNote(id: string, proof: string, linkProof: string | null = null, from?: string) {
  return readOpened(await openRaw(id, proof, linkProof, from), id);
}

/** Reads an open's response whole; with `id`, a 200 is finished with its grant as openNote does. */
export async function readOpened(response: Response, id?: string): Promise<Opened> {
  const header = response.headers.get("Hushnote-Open");
  if (response.status !== 200 || header === null) {
    const refusal = (await response.json()) as Record<string, unknown>;
    return { status: response.status, headers: response.headers, meta: null, body: null, json: async () => refusal };
  }
  const meta = JSON.parse(header) as OpenMeta;
  const body = new Uint8Array(await response.arrayBuffer());
  if (id) {
    const done = await finishBody(id, meta.grant);
    if (done.status !== 204) throw new Error(`finishing the download failed: ${done.status}`);
  }
  const json = () => Promise.reject(new Error("a 200 open is bytes: read meta and body"));
  return { status: 200, headers: response.headers, meta, body, json };
}

/** GET …/body with a grant, and a Range header when given. */
export function readBody(id: string, grant: string, range?: string) {
  return call("GET", `/api/notes/${id}/body`, { headers: { ...bearer(grant), ...(range ? { Range: range } : {}) } });
}

/** DELETE …/body with a grant: the reader is done. */
export function finishBody(id: string, grant: string) {
  return call("DELETE", `/api/notes/${id}/body`, { headers: bearer(grant) });
}
