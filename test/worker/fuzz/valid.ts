/**
 * Valid requests built from drawn bytes (so a seed reproduces them), one field then mutated, and what the API may
 * answer to the result: a field's mutation is acceptable only where docs/API.md says such a value is.
 */
import fc from "fast-check";
import { fromBase64Url, toBase64Url } from "../../../crypto/base64url";
import { bodyLengthProblem } from "../../../crypto/parts";
import { encodeJson } from "../helpers";
import { bytesB64, nastyText } from "./values";

const sha256 = async (bytes: Uint8Array) => toBase64Url(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });

/** A v1 one-time note's POST /api/notes, from drawn id, key and wrapped-key bytes. */
export const noteCreate = fc.tuple(bytes(16), bytes(32), bytes(60)).map(async ([idBytes, authKey, wrapped]) => {
  const id = toBase64Url(idBytes);
  const header = encodeJson({ v: 1, kind: "note", id, kdf: null, link: true, views: 1, ttl: 3600 });
  const json = { id, header, wrappedKey: toBase64Url(wrapped), verifier: await sha256(authKey), views: 1, ttl: 3600 };
  return { id, json: { ...json, size: 200 } as Record<string, unknown> };
});

/** A v1 notepad's create (version 0) as its Hushnote-Save fields, for a fresh address drawn by the caller. */
export const padCreate = (slug: string) =>
  fc.tuple(bytes(32), bytes(60), bytes(16)).map(async ([authKey, wrapped, salt]) => {
    const kdf = { name: "PBKDF2-SHA256", iterations: 600_000, salt: toBase64Url(salt) };
    const header = encodeJson({ v: 1, kind: "pad", id: slug, kdf, link: false, views: null, ttl: null });
    return { version: 0, header, wrappedKey: toBase64Url(wrapped), verifier: await sha256(authKey) } as Record<
      string,
      unknown
    >;
  });

/** One field replaced by a drawn value, deleted, or an extra key added (prototype names included). */
export interface Mutation {
  field: string;
  value: unknown;
  deleted: boolean;
}

const MUTANT_VALUES: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(0, 31, 32, 33, 59, 60, 61, 16, 15, 17, 48).chain(bytesB64),
  fc.constantFrom(null, true, -1, 0, 1, 2, 1e308, -0, 0.5, 2 ** 53, 2 ** 53 + 2, 3600, 300, 200, 244, 100_000_000),
  fc.constantFrom("", "AAAA", "=", "a+b/", "\u0000", "é".repeat(50), "A".repeat(20_000)),
  nastyText(),
  fc.constant({ __proto__: null, toString: 1 }),
);

/** A mutation of one of `fields` (or an extra key). */
export const mutation = (fields: string[]): fc.Arbitrary<Mutation> =>
  fc.record({
    field: fc.constantFrom(...fields, "__proto__", "constructor", "hasOwnProperty", "extra"),
    value: MUTANT_VALUES,
    deleted: fc.boolean(),
  });

/** The JSON text of `json` with the mutation applied (a key named __proto__ written as an own key, as a client can). */
export function mutated(json: Record<string, unknown>, m: Mutation): string {
  const entries = Object.entries(json).filter(([key]) => !(m.deleted && key === m.field));
  if (!m.deleted) {
    const at = entries.findIndex(([key]) => key === m.field);
    if (at >= 0) entries[at] = [m.field, m.value];
    else entries.push([m.field, m.value]);
  }
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value) ?? "null"}`).join(",")}}`;
}

const isBytes = (value: unknown, n: number) => typeof value === "string" && fromBase64Url(value)?.length === n;
/** What JSON.stringify makes of a value on the wire (undefined as null in an object's place, as `mutated` writes). */
const wire = (value: unknown) => JSON.stringify(value) ?? "null";

/** Whether a create may succeed after this mutation: only where another value is as valid as the original. */
export function createMayPass(original: Record<string, unknown>, m: Mutation): boolean {
  if (!(m.field in original) || Object.hasOwn(Object.prototype, m.field)) {
    // An unknown key is ignored; an optional field given as null or a valid token is fine.
    if (m.deleted) return true;
    if (m.field === "linkVerifier") return m.value === null;
    if (m.field === "manageToken") return m.value === null || isBytes(m.value, 32);
    return !["id", "header", "wrappedKey", "verifier", "views", "ttl", "size"].includes(m.field);
  }
  if (m.deleted) return false;
  if (wire(m.value) === wire(original[m.field])) return true;
  if (m.field === "wrappedKey") return isBytes(m.value, 60);
  if (m.field === "verifier") return isBytes(m.value, 32);
  if (m.field === "size") return typeof m.value === "number" && bodyLengthProblem(m.value, 1) === null;
  // id, header, views and ttl are bound by the header: any other value contradicts it.
  return false;
}

/** Whether a notepad create may succeed after this mutation (the body sent is the valid one). */
export function padCreateMayPass(original: Record<string, unknown>, m: Mutation): boolean {
  if (!(m.field in original) || Object.hasOwn(Object.prototype, m.field)) {
    if (m.deleted) return true;
    if (m.field === "saveId") return isBytes(m.value, 16);
    if (m.field === "device") return m.value === null || isBytes(m.value, 48);
    return !["version", "header", "wrappedKey", "verifier", "proof"].includes(m.field);
  }
  if (m.deleted) return false;
  if (wire(m.value) === wire(original[m.field])) return true;
  if (m.field === "wrappedKey") return isBytes(m.value, 60);
  if (m.field === "verifier") return isBytes(m.value, 32);
  return false;
}
