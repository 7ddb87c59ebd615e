/** Test helpers: build well-formed note requests without the client crypto (the Worker never decrypts). */
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { toBase64Url } from "../../crypto/base64url";

export const ORIGIN = "https://hushnote.test";

export function randomBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  // getRandomValues fills at most 64 KiB per call.
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
  return bytes;
}

export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

export function encodeJson(value: unknown): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(value)));
}

export interface NoteOptions {
  views?: number | null;
  ttl?: number;
  link?: boolean;
  kdf?: { name: string; iterations: number; salt: string } | null;
  bodyBytes?: number;
}

/** A valid create request plus the proof a reader would derive, and the raw body bytes. */
export async function makeNote(options: NoteOptions = {}) {
  const id = toBase64Url(randomBytes(16));
  const views = options.views === undefined ? 1 : options.views;
  const ttl = options.ttl ?? 3600;
  const headerFields = { v: 1, kind: "note", id, kdf: options.kdf ?? null, link: options.link ?? true, views, ttl };
  const authKey = randomBytes(32);
  const body = randomBytes(options.bodyBytes ?? 200);
  const request = {
    id,
    header: encodeJson(headerFields),
    wrappedKey: toBase64Url(randomBytes(60)),
    body: toBase64Url(body),
    verifier: toBase64Url(await sha256(authKey)),
    views,
    ttl,
  };
  return { id, request, proof: toBase64Url(authKey), body };
}

/** Calls the Worker's own fetch handler (the real router, Durable Objects and KV of the test pool). */
export function call(method: string, path: string, init: { json?: unknown; headers?: Record<string, string>; raw?: BodyInit } = {}) {
  const headers = new Headers(init.headers);
  let body: BodyInit | undefined = init.raw;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  }
  return exports.default.fetch(new Request(ORIGIN + path, { method, headers, body }));
}

/** Creates a note through the API and returns what the creator holds. */
export async function createNote(options: NoteOptions = {}) {
  const note = await makeNote(options);
  const response = await call("POST", "/api/notes", { json: note.request });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  const created = (await response.json()) as { id: string; expiresAt: number; viewsLeft: number | null; manageToken: string };
  return { ...note, ...created };
}

export function openNote(id: string, proof: string) {
  return call("POST", `/api/notes/${id}/open`, { json: { proof } });
}

export function noteStub(id: string) {
  return env.NOTE_OBJECT.get(env.NOTE_OBJECT.idFromName(`note:${id}`));
}

/** What the Durable Object holds for a note right now (read from its SQLite storage, not inferred). */
export async function inspectNote(id: string) {
  const { runInDurableObject } = await import("cloudflare:test");
  return runInDurableObject(noteStub(id), (_instance, state) => {
    const tables = state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'secret'").toArray();
    if (tables.length === 0) return { row: null, events: [], doomed: [] };
    const row = state.storage.sql.exec("SELECT * FROM secret").toArray()[0] ?? null;
    const events = state.storage.sql.exec("SELECT type, reason FROM event ORDER BY seq").toArray();
    const doomed = state.storage.sql.exec("SELECT key FROM doomed_body").toArray();
    return { row, events, doomed };
  });
}

/** The KV body stored for a note, or null. */
export async function storedBody(id: string): Promise<Uint8Array | null> {
  const value = await env.NOTES.get(`n/${id}`, "arrayBuffer");
  return value ? new Uint8Array(value) : null;
}

/** Asserts the crypto-shredding invariant: no wrapped key, verifier or header in the DO, no body in KV. */
export async function expectShredded(id: string, reason: string) {
  const { expect } = await import("vitest");
  const { row, events, doomed } = await inspectNote(id);
  expect(row).not.toBeNull();
  expect(row!.wrapped_key).toBeNull();
  expect(row!.verifier).toBeNull();
  expect(row!.header).toBeNull();
  expect(row!.reason).toBe(reason);
  expect(events.at(-1)).toEqual({ type: "destroyed", reason });
  expect(doomed).toEqual([]);
  expect(await storedBody(id)).toBeNull();
}

/** Calls the Worker with some `[vars]` overridden, as an instance configured that way would run (real DOs and KV). */
export async function callWith(vars: Record<string, string>, method: string, path: string, init: { json?: unknown; headers?: Record<string, string> } = {}) {
  const { createExecutionContext, waitOnExecutionContext } = await import("cloudflare:test");
  const worker = (await import("../../worker/index")).default;
  const headers = new Headers(init.headers);
  if (init.json !== undefined) headers.set("Content-Type", "application/json");
  const request = new Request(ORIGIN + path, { method, headers, body: init.json === undefined ? undefined : JSON.stringify(init.json) });
  const ctx = createExecutionContext();
  const response = await worker.fetch(request as Request<unknown, IncomingRequestCfProperties>, { ...env, ...vars } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}
