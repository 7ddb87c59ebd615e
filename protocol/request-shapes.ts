/** The shapes requests share: proofs as JSON, fields in a header, absent fields left out, keys the client draws. */
import { toBase64Url } from "../crypto/base64url";

/** A POST of `fields` as JSON, accepting a body of bytes (an open's answer) or a JSON refusal. */
export const postJson = (fields: object): RequestInit => ({
  method: "POST",
  headers: { Accept: "application/octet-stream, application/json", "Content-Type": "application/json" },
  body: JSON.stringify(present(fields)),
});

/** Compact JSON in printable ASCII, as a header value must be (JSON escapes let any string through). */
export const asciiJson = (value: unknown) =>
  JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** Drops absent optional fields (a v1 note has no linkProof, a new device no credential) instead of sending null. */
export function present<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== null)) as T;
}

/** `bytes` random bytes from the CSPRNG, base64url: the idempotency keys a client draws (never Math.random). */
export const randomKey = (bytes: number) => toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));

/** The answerer's request proof (b64u, docs/FORMAT.md §12.4): without it a request is answered as unknown. */
export const requestProofHeader = (proof: string) => ({ "Hushnote-Request-Proof": proof });

// Manage tokens and grants travel only in this header, never in a URL.
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
