/** Helpers for notepad tests: well-formed pad requests with a known proof, and a look at KV and the object. */
import { env, runInDurableObject } from "cloudflare:test";
import { toBase64Url } from "../../crypto/base64url";
import { call, callWith, encodeJson, randomBytes, sha256 } from "./helpers";

let counter = 0;
/** A fresh, unused address per test. */
export function freshSlug(): string {
  return `pad-${Date.now().toString(36)}-${(counter++).toString(36)}`;
}

/** Key material a pad's password would yield: the proof and its verifier, under a format `v` header for `slug`. */
export async function padKeys(slug: string, v: 1 | 2 = 1) {
  const authKey = randomBytes(32);
  const header = encodeJson({
    v,
    kind: "pad",
    id: slug,
    kdf: { name: "PBKDF2-SHA256", iterations: 600_000, salt: toBase64Url(randomBytes(16)) },
    link: false,
    views: null,
    ttl: null,
  });
  return {
    header,
    proof: toBase64Url(authKey),
    verifier: toBase64Url(await sha256(authKey)),
    wrappedKey: toBase64Url(randomBytes(v === 2 ? 92 : 60)),
  };
}

/** The fields of a save; `body` is the ciphertext, sent as bytes. */
export type PadFields = { body?: Uint8Array } & Record<string, unknown>;

/**
 * A save as clients send it: with a `body`, the bytes as application/octet-stream and the other fields in the
 * Hushnote-Save header; without, JSON (a password change). `from` sets the client address (CF-Connecting-IP).
 */
export function putPad(slug: string, fields: PadFields, from?: string) {
  return putPadWith({}, slug, fields, from);
}

/** putPad on an instance with some `[vars]` or bindings overridden (see callWith), e.g. a spied-on KV. */
export function putPadWith(vars: Record<string, unknown>, slug: string, fields: PadFields, from?: string) {
  const { body, ...save } = fields;
  const headers: Record<string, string> = from ? { "CF-Connecting-IP": from } : {};
  if (body === undefined) return callWith(vars, "PUT", `/api/pads/${slug}`, { json: save, headers });
  return callWith(vars, "PUT", `/api/pads/${slug}`, {
    raw: body,
    headers: { ...saveHeaders(JSON.stringify(save), body.byteLength), ...headers },
  });
}

/** An octet-stream save with the Hushnote-Save header exactly as given; `headers` may override the body's length. */
export function padSaveRequest(slug: string, save: string, body: Uint8Array, headers: Record<string, string> = {}) {
  return call("PUT", `/api/pads/${slug}`, {
    raw: body,
    headers: { ...saveHeaders(save, body.byteLength), ...headers },
  });
}

/** The headers of an octet-stream save: its type, the body's length and the Hushnote-Save header. */
export function saveHeaders(save: string, length: number): Record<string, string> {
  return { "Content-Type": "application/octet-stream", "Content-Length": String(length), "Hushnote-Save": save };
}

/** Opens with the proof, and the device credential when given; `from` sets the client address. */
export function openPad(slug: string, proof: string, device?: string, from?: string) {
  return call("POST", `/api/pads/${slug}/open`, {
    json: device ? { proof, device } : { proof },
    headers: from ? { "CF-Connecting-IP": from } : {},
  });
}

/** Creates a pad and returns its keys, first body, and the creator's device credential. */
export async function createPad(slug = freshSlug()) {
  const keys = await padKeys(slug);
  const body = randomBytes(300);
  const response = await putPad(slug, {
    version: 0,
    header: keys.header,
    wrappedKey: keys.wrappedKey,
    verifier: keys.verifier,
    body,
  });
  if (response.status !== 200) throw new Error(`pad create failed: ${response.status} ${await response.text()}`);
  const { device } = (await response.json()) as { device: string };
  return { slug, keys, body, device };
}

/** The KV keys holding this pad's bodies. */
export async function padBodyKeys(slug: string): Promise<string[]> {
  return (await env.NOTES.list({ prefix: `p/${slug}/` })).keys.map((k) => k.name);
}

export function padStub(slug: string) {
  return env.PAD_OBJECT.get(env.PAD_OBJECT.idFromName(`pad:${slug}`));
}

/** Runs SQL inside the pad's object (to age it or inspect it) and returns the rows. */
export function padSql(slug: string, query: string, ...bindings: unknown[]) {
  return runInDurableObject(padStub(slug), (_i, state) => {
    const exists = state.storage.sql.exec("SELECT 1 FROM sqlite_master WHERE name = 'secret'").toArray().length > 0;
    return exists ? state.storage.sql.exec(query, ...bindings).toArray() : [];
  });
}
