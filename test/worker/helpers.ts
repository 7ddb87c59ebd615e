/** Test helpers: build well-formed note requests without the client crypto (the Worker never decrypts). */
import { env } from "cloudflare:test";
import { toBase64Url } from "../../crypto/base64url";
import { noteSalt } from "../../crypto/header-v2";
import { call } from "./call";
import { uploadParts } from "./note-transfer";

export { call, callWith, ORIGIN } from "./call";
export { openNote } from "./note-transfer";

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
  /** The ciphertext's length (200 unless said); its bytes are random, as ciphertext looks. */
  bodyBytes?: number;
  /** The ciphertext itself, instead of random bytes. */
  body?: Uint8Array;
}

/** The JSON of POST /api/notes. */
export interface NoteRequest {
  id: string;
  header: string;
  wrappedKey: string;
  verifier: string;
  views: number | null;
  ttl: number;
  size: number;
  linkVerifier?: string;
}

/**
 * A valid create request plus what a reader would derive (`proof`, and for v2 notes with a link key `linkProof`) and
 * the body bytes its parts are cut from.
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
  const body = options.body ?? randomBytes(options.bodyBytes ?? 200);
  const request: NoteRequest = {
    id,
    header: encodeJson(headerFields),
    wrappedKey: toBase64Url(randomBytes(version === 2 ? 92 : 60)),
    verifier: toBase64Url(await sha256(authKey)),
    views,
    ttl,
    size: body.byteLength,
  };
  if (linkAuth) request.linkVerifier = toBase64Url(await sha256(linkAuth));
  return { id, request, proof: toBase64Url(authKey), linkProof: linkAuth && toBase64Url(linkAuth), body };
}

/** The 201 answer of POST /api/notes. */
export interface CreatedNote {
  id: string;
  expiresAt: number;
  viewsLeft: number | null;
  manageToken: string;
  parts: number[];
}

/** Creates a note through the API without uploading its body (it stays invisible to readers). */
export async function createUploading(options: NoteOptions = {}) {
  const note = await makeNote(options);
  const response = await call("POST", "/api/notes", { json: note.request });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  return { ...note, ...((await response.json()) as CreatedNote) };
}

/** Creates a note through the API and uploads its parts, returning what the creator holds. */
export async function createNote(options: NoteOptions = {}) {
  const note = await createUploading(options);
  await uploadParts(note.id, note.manageToken, note.body, note.parts);
  return note;
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

/** The KV keys holding a note's body or its parts: `n/<id>/<random>` since schema step 2, `n/<id>` before. */
export async function noteBodyKeys(id: string): Promise<string[]> {
  return (await env.NOTES.list({ prefix: `n/${id}` })).keys.map((k) => k.name);
}

/** The body as KV holds it: the parts the object recorded, concatenated in order; null when it records none. */
export async function storedBody(id: string): Promise<Uint8Array | null> {
  const { runInDurableObject } = await import("cloudflare:test");
  const keys = await runInDurableObject(noteStub(id), (_i, state) => {
    const known = state.storage.sql.exec("SELECT 1 FROM sqlite_master WHERE name = 'part'").toArray().length > 0;
    return known ? state.storage.sql.exec<{ key: string }>("SELECT key FROM part ORDER BY idx").toArray() : [];
  });
  if (keys.length === 0) return null;
  const values = await Promise.all(keys.map(({ key }) => env.NOTES.get(key, "arrayBuffer")));
  if (values.some((value) => value === null)) return null;
  return new Uint8Array(await new Blob(values as ArrayBuffer[]).arrayBuffer());
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
  expect(await noteBodyKeys(id)).toEqual([]);
}

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
