import { describe, expect, it } from "vitest";
import { decodeHeader, encodePayload, openVersioned, seal, unlock } from "../../crypto/index";
import { bytes, expectOf, payloadOf, sealOptionsOf, secretsOf, VECTORS } from "./vector-files";

describe("frozen test vectors", () => {
  it("are all present (never deleted or regenerated)", () => {
    expect(VECTORS.map((v) => [v.name, v.format])).toEqual([
      ["v1-note-both-files-multirecord", 1],
      ["v1-note-link-empty", 1],
      ["v1-note-link-text", 1],
      ["v1-note-password-unicode", 1],
      ["v1-note-record-boundary", 1],
      ["v1-pad-password", 1],
      ["v2-note-both-files-multirecord", 2],
      ["v2-note-link-empty", 2],
      ["v2-note-link-text", 2],
      ["v2-note-password-unicode", 2],
      ["v2-note-record-boundary", 2],
      ["v2-pad-password-version", 2],
    ]);
  });

  describe.each(VECTORS.map((v) => [v.name, v] as const))("%s", (_name, v) => {
    it("has a header that decodes to the recorded JSON", () => {
      expect(Buffer.from(v.outputs.header, "base64url").toString("utf8")).toBe(v.intermediate.headerJson);
      expect(decodeHeader(v.outputs.header)).toMatchObject({
        v: v.format,
        kind: v.inputs.kind,
        id: v.inputs.id,
        views: v.inputs.views,
        ttl: v.inputs.ttl,
      });
      expect(encodePayload(payloadOf(v)).length).toBe(v.intermediate.payloadLength);
    });

    it("opens to the recorded payload and body version, checked against what the reader asked for", async () => {
      const env = { header: v.outputs.header, wrappedKey: v.outputs.wrappedKey, body: bytes(v.outputs.body) };
      const opened = await openVersioned(env, secretsOf(v), {
        expect: expectOf(v),
        minBodyVersion: v.inputs.bodyVersion,
      });
      expect(Buffer.from(encodePayload(opened.payload)).equals(encodePayload(payloadOf(v)))).toBe(true);
      expect(opened.bodyVersion).toBe(v.format === 1 ? null : v.inputs.bodyVersion);
    });

    it("derives the recorded proof and link proof", async () => {
      const unlocked = await unlock(v.outputs.header, secretsOf(v), { expect: expectOf(v) });
      expect(unlocked.proof).toBe(v.outputs.proof);
      expect(unlocked.linkProof).toBe(v.outputs.linkProof ?? null);
    });

    it("re-seals byte for byte from the recorded randomness", async () => {
      const sealed = await seal(payloadOf(v), sealOptionsOf(v));
      const { linkProof: _proofIsTheReaders, ...outputs } = v.outputs;
      expect({ ...sealed, body: Buffer.from(sealed.body).toString("base64url"), linkKey: undefined }).toEqual({
        ...outputs,
        linkVerifier: outputs.linkVerifier ?? null,
        linkKey: undefined,
      });
    });
  });
});
