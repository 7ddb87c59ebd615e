/** Test helpers: build well-formed note requests without the client crypto (the Worker never decrypts). */
import { env } from "cloudflare:test";
import { toBase64Url } from "../../crypto/base64url";
import { noteSalt } from "../../crypto/header-v2";

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
  /** Shorthand for a PBKDF2 kdf at 600,000 iterations (a random salt in v1, the id-derived one in v2). */
  password?: boolean;
  /** Format version of the header (and so the wrapped key's size and the link verifier); 1 unless said. */
  version?: 1 | 2;
  bodyBytes?: number;
}

/** The JSON of POST /api/notes. */
export interface NoteRequest {
  id: string;
  header: string;
  wrappedKey: string;
  body: string;
  verifier: string;
  views: number | null;
  ttl: number;
  linkVerifier?: string;
}

/**
 * A valid create request plus what a reader would derive (`proof`, and for v2 notes with a link key `linkProof`) and
 * the raw body bytes.
 */
export async function makeNote(options: NoteOptions = {}) {
  const id = toBase64Url(randomBytes(16));
  const version = options.version ?? 1;
  const views = options.views === undefined ? 1 : options.views;
  const ttl = options.ttl ?? 3600;
  const salt = version === 2 ? toBase64Url(await noteSalt(id)) : toBase64Url(randomBytes(16));
  const kdf = options.kdf ?? (options.password ? { name: "PBKDF2-SHA256", iterations: 600_000, salt } : null);
  const link = options.link ?? true;
  const headerFields = { v: version, kind: "note", id, kdf, link, views, ttl };
  const authKey = randomBytes(32);
  const linkAuth = version === 2 && link ? randomBytes(32) : null;
  const body = randomBytes(options.bodyBytes ?? 200);
  const request: NoteRequest = {
    id,
    header: encodeJson(headerFields),
    wrappedKey: toBase64Url(randomBytes(version === 2 ? 92 : 60)),
    body: toBase64Url(body),
    verifier: toBase64Url(await sha256(authKey)),
    views,
    ttl,
  };
  if (linkAuth) request.linkVerifier = toBase64Url(await sha256(linkAuth));
  return { id, request, proof: toBase64Url(authKey), linkProof: linkAuth && toBase64Url(linkAuth), body };
}

/**
 * Calls the Worker's fetch handler (the real router, Durable Objects and KV of the test pool) as local development
 * runs it: HUSHNOTE_DEV=true, which `npm start` sets too, so a missing RATE_LIMIT_SECRET is not warned about at every
 * request. `callWith` shows what a deployed instance does.
 */
export function call(method: string, path: string, init: CallInit = {}) {
  return callWith({}, method, path, init);
}

type CallInit = { json?: unknown; headers?: Record<string, string>; raw?: BodyInit };

/** Creates a note through the API and returns what the creator holds. */
export async function createNote(options: NoteOptions = {}) {
  const note = await makeNote(options);
  const response = await call("POST", "/api/notes", { json: note.request });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  const created = (await response.json()) as {
    id: string;
    expiresAt: number;
    viewsLeft: number | null;
    manageToken: string;
  };
  return { ...note, ...created };
}

/** Opens a note as a reader would; `from` sets the client address (CF-Connecting-IP). */
export function openNote(id: string, proof: string, linkProof: string | null = null, from?: string) {
  const headers: Record<string, string> = from ? { "CF-Connecting-IP": from } : {};
  return call("POST", `/api/notes/${id}/open`, { json: linkProof ? { proof, linkProof } : { proof }, headers });
}

export function noteStub(id: string) {
  return env.NOTE_OBJECT.get(env.NOTE_OBJECT.idFromName(`note:${id}`));
}

/** What the Durable Object holds for a note right now (read from its SQLite storage, not inferred). */
export async function inspectNote(id: string) {
  const { runInDurableObject } = await import("cloudflare:test");
  return runInDurableObject(noteStub(id), (_instance, state) => {
    const tables = state.storage.sql
      .exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'secret'")
      .toArray();
    if (tables.length === 0) return { row: null, events: [], doomed: [] };
    const row = state.storage.sql.exec("SELECT * FROM secret").toArray()[0] ?? null;
    const events = state.storage.sql.exec("SELECT type, reason FROM event ORDER BY seq").toArray();
    const doomed = state.storage.sql.exec("SELECT key FROM doomed_body").toArray();
    return { row, events, doomed };
  });
}

/** The KV keys holding a note's body: `n/<id>/<random>` since schema step 2, `n/<id>` before. */
export async function noteBodyKeys(id: string): Promise<string[]> {
  return (await env.NOTES.list({ prefix: `n/${id}` })).keys.map((k) => k.name);
}

/** The KV body stored for a note, or null. */
export async function storedBody(id: string): Promise<Uint8Array | null> {
  const [key] = await noteBodyKeys(id);
  const value = key ? await env.NOTES.get(key, "arrayBuffer") : null;
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

/**
 * Calls the Worker with some `[vars]` (or bindings) overridden, as an instance configured that way would run (real
 * DOs, and real KV unless `NOTES` is given). Overriding HUSHNOTE_DEV with "" gives a deployed instance's behaviour.
 */
export async function callWith(vars: Record<string, unknown>, method: string, path: string, init: CallInit = {}) {
  const { createExecutionContext, waitOnExecutionContext } = await import("cloudflare:test");
  const worker = (await import("../../worker/index")).default;
  const headers = new Headers(init.headers);
  let body: BodyInit | undefined = init.raw;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  }
  const request = new Request(ORIGIN + path, { method, headers, body });
  const ctx = createExecutionContext();
  // One env object when nothing is overridden, so the Worker reads its config once, as it does when deployed.
  const withVars = Object.keys(vars).length === 0 ? devEnv : ({ ...devEnv, ...vars } as Env);
  const response = await worker.fetch(request as Request<unknown, IncomingRequestCfProperties>, withVars, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

const devEnv = { ...env, HUSHNOTE_DEV: "true" } as Env;

/** The note KV as the Worker sees it, recording every call ("get <key>", "put <key>", …); `fail` makes puts throw. */
export function spyKv(fail: "put" | null = null) {
  const calls: string[] = [];
  const kv = new Proxy(env.NOTES, {
    get(target, property) {
      const value = Reflect.get(target, property);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.push(`${String(property)} ${String(args[0])}`);
        if (property === fail) return Promise.reject(new Error("KV is down"));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { kv, calls };
}
