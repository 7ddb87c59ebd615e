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

  it("encodes views into a larger buffer at any offset, as the whole-word encoder reads through a DataView", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 100 }), fc.nat(99), fc.nat(99), (bytes, start, cut) => {
        const view = bytes.subarray(Math.min(start, bytes.length), Math.max(start, bytes.length - cut));
        expect(toBase64Url(view)).toBe(Buffer.from(view).toString("base64url"));
      }),
      { numRuns: 1000 },
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
    ["a lone surrogate", "AA\uD800"],
    ["a character whose low byte is in the alphabet", "AA\u0141A"],
  ])("refuses %s", (_name, text) => {
    expect(fromBase64Url(text)).toBeNull();
  });

  it("accepts exactly the strings Buffer decodes and re-encodes unchanged, over the alphabet and its neighbours", () => {
    // Mostly alphabet characters (unlike arbitrary strings), so non-canonical last characters come up often.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=";
    const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }).map((c) => c.join(""));
    fc.assert(
      fc.property(text, (s) => {
        const canonical = /^[A-Za-z0-9_-]*$/.test(s) && Buffer.from(s, "base64url").toString("base64url") === s;
        const decoded = fromBase64Url(s);
        expect(decoded === null ? null : Array.from(decoded)).toEqual(
          canonical ? Array.from(Buffer.from(s, "base64url")) : null,
        );
      }),
      { numRuns: 2000 },
    );
    expect(Array.from(fromBase64Url("AA")!)).toEqual([0]);
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
