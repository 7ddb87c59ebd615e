/** The frozen vectors in test/vectors/ and what their inputs mean to seal and open (vectors.spec.ts, stream-vectors.spec.ts). */
import { readdirSync, readFileSync } from "node:fs";
import type { Payload, SealOptions } from "../../crypto/index";
import { replay } from "./helpers";

/** A frozen vector as written by scripts/gen-vectors.mjs (docs/FORMAT.md §9). */
export interface Vector {
  name: string;
  format: 1 | 2;
  inputs: {
    kind: "note" | "pad";
    id: string;
    views: number | null;
    ttl: number | null;
    linkKey: string | null;
    password: string | null;
    iterations: number | null;
    bodyVersion?: number;
    payload: {
      text: string;
      tabs: { title: string; text: string }[];
      files: { name: string; type: string; bytes: string }[];
    };
    random: string[];
  };
  intermediate: { headerJson: string; payloadLength: number; records: number };
  outputs: {
    header: string;
    wrappedKey: string;
    verifier: string;
    proof: string;
    body: string;
    linkVerifier?: string | null;
    linkProof?: string | null;
  };
}

const DIR = new URL("../vectors/", import.meta.url);
/** Every frozen vector, sorted by file name. */
export const VECTORS: Vector[] = readdirSync(DIR)
  // Note and notepad envelopes only: v3-request-*.json has its own readers (request.spec.ts, independent-request.spec.ts).
  .filter((f) => /^v[12]-.*\.json$/.test(f))
  .sort()
  .map((f) => JSON.parse(readFileSync(new URL(f, DIR), "utf8")) as Vector);
/** base64url to bytes. */
export const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, "base64url"));
/** The vector's payload with its files as bytes. */
export const payloadOf = (v: Vector): Payload => ({
  ...v.inputs.payload,
  files: v.inputs.payload.files.map((f) => ({ ...f, bytes: bytes(f.bytes) })),
});
/** The link key and password the vector was sealed with. */
export const secretsOf = (v: Vector) => ({
  linkKey: v.inputs.linkKey ? bytes(v.inputs.linkKey) : null,
  password: v.inputs.password,
});
/** What a reader of the vector asks for (its own link's kind, id and format). */
export const expectOf = (v: Vector) => ({ kind: v.inputs.kind, id: v.inputs.id, minVersion: v.format });

/** The seal options that reproduce a vector's outputs, its recorded random draws included. */
export const sealOptionsOf = (v: Vector): SealOptions => ({
  version: v.format,
  kind: v.inputs.kind,
  id: v.inputs.id,
  views: v.inputs.views,
  ttl: v.inputs.ttl,
  ...secretsOf(v),
  ...(v.inputs.iterations ? { iterations: v.inputs.iterations } : {}),
  ...(v.inputs.bodyVersion !== undefined ? { bodyVersion: v.inputs.bodyVersion } : {}),
  random: replay(v.inputs.random.map(bytes)),
});
