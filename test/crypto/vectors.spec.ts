import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeHeader, encodePayload, open, seal, type Payload } from "../../crypto/index";
import { replay } from "./helpers";

/** A frozen vector as written by scripts/gen-vectors.mjs (docs/FORMAT.md §9). */
export interface Vector {
  name: string;
  inputs: {
    kind: "note" | "pad"; id: string; views: number | null; ttl: number | null; linkKey: string | null; password: string | null;
    iterations: number | null; payload: { text: string; tabs: { title: string; text: string }[]; files: { name: string; type: string; bytes: string }[] };
    random: string[];
  };
  intermediate: { headerJson: string; payloadLength: number; records: number };
  outputs: { header: string; wrappedKey: string; verifier: string; proof: string; body: string };
}

const DIR = new URL("../vectors/", import.meta.url);
export const VECTORS: Vector[] = readdirSync(DIR).filter((f) => f.endsWith(".json")).sort()
  .map((f) => JSON.parse(readFileSync(new URL(f, DIR), "utf8")) as Vector);
const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, "base64url"));
const payloadOf = (v: Vector): Payload => ({ ...v.inputs.payload, files: v.inputs.payload.files.map((f) => ({ ...f, bytes: bytes(f.bytes) })) });
const secretsOf = (v: Vector) => ({ linkKey: v.inputs.linkKey ? bytes(v.inputs.linkKey) : null, password: v.inputs.password });

describe("frozen format-v1 vectors", () => {
  it("are all present (never deleted or regenerated)", () => {
    expect(VECTORS.map((v) => v.name)).toEqual([
      "v1-note-both-files-multirecord", "v1-note-link-empty", "v1-note-link-text", "v1-note-password-unicode",
      "v1-note-record-boundary", "v1-pad-password",
    ]);
  });

  describe.each(VECTORS.map((v) => [v.name, v] as const))("%s", (_name, v) => {
    it("has a header that decodes to the recorded JSON", () => {
      expect(Buffer.from(v.outputs.header, "base64url").toString("utf8")).toBe(v.intermediate.headerJson);
      expect(decodeHeader(v.outputs.header)).toMatchObject({ v: 1, kind: v.inputs.kind, id: v.inputs.id, views: v.inputs.views, ttl: v.inputs.ttl });
      expect(encodePayload(payloadOf(v)).length).toBe(v.intermediate.payloadLength);
    });

    it("opens to the recorded payload", async () => {
      const env = { header: v.outputs.header, wrappedKey: v.outputs.wrappedKey, body: bytes(v.outputs.body) };
      const payload = await open(env, secretsOf(v));
      expect(Buffer.from(encodePayload(payload)).equals(encodePayload(payloadOf(v)))).toBe(true);
    });

    it("re-seals byte for byte from the recorded randomness", async () => {
      const sealed = await seal(payloadOf(v), {
        kind: v.inputs.kind, id: v.inputs.id, views: v.inputs.views, ttl: v.inputs.ttl, ...secretsOf(v),
        ...(v.inputs.iterations ? { iterations: v.inputs.iterations } : {}), random: replay(v.inputs.random.map(bytes)),
      });
      expect({ ...sealed, body: Buffer.from(sealed.body).toString("base64url"), linkKey: undefined }).toEqual({ ...v.outputs, linkKey: undefined });
    });
  });
});
