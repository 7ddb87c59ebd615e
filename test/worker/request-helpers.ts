/** Test helpers for secret requests: well-formed requests and answers without the client crypto (opaque bytes here). */
import { env, runInDurableObject } from "cloudflare:test";
import { fromBase64Url, toBase64Url } from "../../crypto/base64url";
import { requestFingerprint, requestProof } from "../../crypto/request";
import { type CreatedNote, call, makeNote, randomBytes } from "./helpers";

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
export const b64 = (n: number) => toBase64Url(randomBytes(n));

/** A public key as the Worker checks it: 65 bytes starting 0x04 (the Worker never uses it as a point). */
export function publicKey(): string {
  const bytes = randomBytes(65);
  bytes[0] = 4;
  return toBase64Url(bytes);
}

/** The JSON of POST /api/requests. */
export interface RequestBody {
  id: string;
  publicKey: string;
  description: string | null;
  answers?: number;
  ttl: number;
  manageToken: string;
}

/** Each made request's key by id, so that the answerer's calls can carry its request proof. */
const keys = new Map<string, string>();

export function requestBody(options: Partial<RequestBody> = {}): RequestBody {
  const body = {
    id: b64(16),
    publicKey: publicKey(),
    description: b64(60),
    answers: 1,
    ttl: 3600,
    manageToken: b64(32),
    ...options,
  };
  if (!keys.has(body.id)) keys.set(body.id, body.publicKey);
  return body;
}

/** The Hushnote-Request-Proof header for request `id` (docs/FORMAT.md §12.4), from the key it was made with. */
export async function proof(id: string, key = keys.get(id)): Promise<Record<string, string>> {
  const Q = key === undefined ? null : fromBase64Url(key);
  if (!Q) return {};
  return { "Hushnote-Request-Proof": toBase64Url(await requestProof(await requestFingerprint(id, Q))) };
}

/** GET /api/requests/:id as the answerer does it, with the request proof. */
export const getRequest = async (id: string) => call("GET", `/api/requests/${id}`, { headers: await proof(id) });

/** Creates a request through the API (201 or it throws), returning its body and the answer. */
export async function createRequest(options: Partial<RequestBody> = {}) {
  const body = requestBody(options);
  const response = await call("POST", "/api/requests", { json: body });
  if (response.status !== 201) throw new Error(`request create failed: ${response.status} ${await response.text()}`);
  return { ...body, created: (await response.json()) as { id: string; expiresAt: number } };
}

/** An answer: a v2 link-only one-view note (300 s unless said; its own manage token), a sealed key of 125 bytes. */
export async function makeAnswer(options: Parameters<typeof makeNote>[0] = {}) {
  const note = await makeNote({ version: 2, views: 1, ttl: 300, ...options });
  const manageToken = b64(32);
  const body = { note: { ...note.request, manageToken }, sealedKey: b64(125) };
  // `bytes`: the ciphertext to upload; `body`: the JSON to POST.
  return { ...note, bytes: note.body, manageToken, body };
}

export const postAnswer = async (requestId: string, body: unknown, headers: Record<string, string> = {}) =>
  call("POST", `/api/requests/${requestId}/answers`, {
    json: body,
    headers: { ...(await proof(requestId)), ...headers },
  });

/** Answers request `requestId` (201 or it throws), returning the answer and the created note's answer. */
export async function answerRequest(requestId: string, options: Parameters<typeof makeNote>[0] = {}) {
  const answer = await makeAnswer(options);
  const response = await postAnswer(requestId, answer.body);
  if (response.status !== 201) throw new Error(`answer failed: ${response.status} ${await response.text()}`);
  return { ...answer, created: (await response.json()) as CreatedNote };
}

export interface AnswersView {
  state: string;
  expiresAt: number;
  answersLeft: number;
  answers: { noteId: string; sealedKey: string; at: number; note?: string; opened?: boolean }[];
}

export async function answersOf(id: string, token: string): Promise<AnswersView> {
  const response = await call("GET", `/api/requests/${id}/answers`, { headers: bearer(token) });
  if (response.status !== 200) throw new Error(`answers failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as AnswersView;
}

export function requestStub(id: string) {
  return env.REQUEST_OBJECT.get(env.REQUEST_OBJECT.idFromName(`request:${id}`));
}

/** What the request's object holds (read from its SQLite storage): no tables at all for one never created. */
export function inspectRequest(id: string) {
  return runInDurableObject(requestStub(id), (_instance, state) => {
    const sql = state.storage.sql;
    const tables = sql.exec("SELECT name FROM sqlite_master WHERE type = 'table'").toArray();
    if (!tables.some((t) => t.name === "request")) return { tables: tables.length, row: null, answers: [], doomed: [] };
    const row = sql.exec("SELECT * FROM request").toArray()[0] ?? null;
    const answers = sql.exec("SELECT * FROM answer").toArray();
    const doomed = sql.exec("SELECT * FROM doomed_note").toArray();
    return { tables: tables.length, row, answers, doomed };
  });
}

/** Moves the request's clock: its expiry (and keep_until, unless given) become `expiresAt`. */
export function setExpiry(id: string, expiresAt: number, keepUntil = expiresAt) {
  return runInDurableObject(requestStub(id), (_instance, state) => {
    state.storage.sql.exec("UPDATE request SET expires_at = ?, keep_until = ?", expiresAt, keepUntil);
  });
}
