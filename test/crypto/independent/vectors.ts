// The frozen vectors (docs/FORMAT.md §11) as the independent decoder reads them, and runs of it over one.
import { readdirSync, readFileSync } from "node:fs";
import { type Asked, type DecodedPayload, decode } from "./decoder";

/** The parts of a vector file (docs/FORMAT.md §11) this decoder reads. */
interface RawVector {
  name: string;
  format: 1 | 2;
  inputs: {
    kind: string;
    id: string;
    views: number | null;
    ttl: number | null;
    linkKey: string | null;
    password: string | null;
    bodyVersion?: number;
    payload: DecodedPayload;
  };
  intermediate: { headerJson: string; salt: string | null; commit?: string };
  outputs: {
    header: string;
    wrappedKey: string;
    body: string;
    proof: string;
    verifier: string;
    linkProof?: string | null;
    linkVerifier?: string | null;
  };
}

const DIR = new URL("../../vectors/", import.meta.url);
export const vectors: RawVector[] = readdirSync(DIR)
  // Note and notepad envelopes only: v3-request-*.json has its own readers (request.spec.ts, independent-request.spec.ts).
  .filter((f) => /^v[12]-.*\.json$/.test(f))
  .sort()
  .map((f) => JSON.parse(readFileSync(new URL(f, DIR), "utf8")));
export function byName(name: string): RawVector {
  const found = vectors.find((x) => x.name === name);
  if (!found) throw new Error(`no vector ${name}`);
  return found;
}
export const run = (
  v: RawVector,
  changes: { header?: string; wrappedKey?: string; password?: string; asked?: Asked } = {},
) =>
  decode(
    changes.header ?? v.outputs.header,
    changes.wrappedKey ?? v.outputs.wrappedKey,
    Buffer.from(v.outputs.body, "base64url"),
    v.inputs.linkKey ? Buffer.from(v.inputs.linkKey, "base64url") : null,
    changes.password ?? v.inputs.password,
    changes.asked ?? { kind: v.inputs.kind, id: v.inputs.id },
  );
export const rewriteHeader = (v: RawVector, edit: (json: string) => string) =>
  Buffer.from(edit(v.intermediate.headerJson)).toString("base64url");
