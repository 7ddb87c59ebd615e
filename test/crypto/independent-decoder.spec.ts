// Runs an independent reader of formats v1 and v2 (independent/), written only from docs/FORMAT.md with node:crypto.
// Nothing here imports from crypto/: if it opens every frozen vector, the spec is complete enough for a third party.
import { describe, expect, it } from "vitest";
import { byName, rewriteHeader, run, vectors } from "./independent/vectors";

describe("an independent decoder written from docs/FORMAT.md alone", () => {
  it("has v1 and v2 vectors to read", () => {
    expect(vectors.filter((v) => v.format === 1)).toHaveLength(6);
    expect(vectors.filter((v) => v.format === 2)).toHaveLength(6);
  });

  it.each(vectors.map((v) => [v.name, v] as const))(
    "opens %s and reproduces its proofs, verifiers and body version",
    (_name, v) => {
      const { inputs, outputs } = v;
      const out = run(v);
      expect(out.payload).toEqual(inputs.payload);
      expect(out.proof).toBe(outputs.proof);
      expect(out.verifier).toBe(outputs.verifier);
      expect(out.header).toMatchObject({
        v: v.format,
        kind: inputs.kind,
        id: inputs.id,
        views: inputs.views,
        ttl: inputs.ttl,
      });
      expect(out.bodyVersion).toBe(v.format === 1 ? null : inputs.bodyVersion);
      expect(out.linkProof).toBe(outputs.linkProof ?? null);
      expect(out.linkVerifier).toBe(outputs.linkVerifier ?? null);
      if (v.format === 2)
        expect(Buffer.from(outputs.wrappedKey, "base64url").subarray(0, 32).toString("base64url")).toBe(
          v.intermediate.commit,
        );
    },
  );

  it("refuses a wrong password the way the spec says: v1 at the wrapped key's tag, v2 already at the commitment", () => {
    const precomposed = "Caf\u00e9 \u{1f511} \u043f\u0430\u0440\u043e\u043b\u044c";
    for (const [name, failure] of [
      ["v1-note-password-unicode", /authenticate/],
      ["v2-note-password-unicode", /commitment/],
    ] as const) {
      // NFC makes the precomposed spelling the same password; a different one fails.
      expect(run(byName(name), { password: precomposed }).payload).toEqual(byName(name).inputs.payload);
      expect(() => run(byName(name), { password: "Cafe" })).toThrow(failure);
    }
  });

  it("refuses a v2 note header whose salt is not derived from its id, and one below 600,000 iterations", () => {
    const v = byName("v2-note-password-unicode");
    expect(() =>
      run(v, { header: rewriteHeader(v, (j) => j.replace(`${v.intermediate.salt}`, "AAAAAAAAAAAAAAAAAAAAAA")) }),
    ).toThrow(/salt altered/);
    expect(() => run(v, { header: rewriteHeader(v, (j) => j.replace("600000", "310000")) })).toThrow(/unsupported/);
  });

  it("refuses a header for another id than the one asked for", () => {
    const v = byName("v2-pad-password-version");
    expect(() => run(v, { asked: { kind: "pad", id: "other-pad" } })).toThrow(/mismatch/);
  });
});
