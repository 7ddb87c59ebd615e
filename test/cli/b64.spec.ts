/** The CLI's native base64url must accept and produce exactly what the shared module does (one value, one spelling). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeB64u, encodeB64u } from "../../cli/src/b64";
import { fromBase64Url, toBase64Url } from "../../crypto/base64url";

describe("cli/src/b64", () => {
  it("encodes every byte string exactly like toBase64Url", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => encodeB64u(bytes) === toBase64Url(bytes)), { numRuns: 500 });
  });

  it("accepts and rejects every string exactly like fromBase64Url, including non-canonical last characters", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=";
    const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }).map((c) => c.join(""));
    fc.assert(fc.property(text, (s) => {
      const mine = decodeB64u(s);
      const theirs = fromBase64Url(s);
      expect(mine === null ? null : Array.from(mine)).toEqual(theirs === null ? null : Array.from(theirs));
    }), { numRuns: 2000 });
    expect(decodeB64u("AB")).toBeNull();
    expect(Array.from(decodeB64u("AA")!)).toEqual([0]);
  });
});
