import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "../../crypto/base64url";

describe("base64url", () => {
  it("encodes exactly as Node's Buffer does and decodes back, for any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString("base64url"));
        expect(fromBase64Url(text)).toEqual(bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it("handles multi-MiB inputs", () => {
    const bytes = new Uint8Array(3 * 1024 * 1024 + 1).map((_, i) => (i * 7919) & 255);
    const text = toBase64Url(bytes);
    expect(text).toBe(Buffer.from(bytes).toString("base64url"));
    // Buffer.equals: vitest's deep equality takes seconds on megabytes.
    expect(Buffer.from(fromBase64Url(text)!).equals(Buffer.from(bytes))).toBe(true);
  });

  it.each([
    ["padding", "AA=="],
    ["standard alphabet", "ab+/"],
    ["impossible length", "AAAAA"],
    ["non-canonical last character (2 left)", "AB"],
    ["non-canonical last character (3 left)", "AAB"],
    ["whitespace", "AA AA"],
    ["non-ASCII", "AAé"],
    ["a NUL", "AA\u0000A"],
  ])("refuses %s", (_name, text) => {
    expect(fromBase64Url(text)).toBeNull();
  });

  it("refuses any string Buffer would not produce from its own decoding", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        const decoded = fromBase64Url(text);
        if (decoded) expect(Buffer.from(decoded).toString("base64url")).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});
