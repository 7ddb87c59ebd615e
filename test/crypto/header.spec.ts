import { describe, expect, it } from "vitest";
import {
  CorruptEnvelopeError,
  decodeHeader,
  decodePayload,
  encodeHeader,
  encodePayload,
  type Header,
  HushnoteCryptoError,
  isNoteId,
  isPadSlug,
  UnsupportedVersionError,
} from "../../crypto/index";

const b64 = (json: string) => Buffer.from(json).toString("base64url");
const NOTE: Header = {
  v: 1,
  kind: "note",
  id: "AAAAAAAAAAAAAAAAAAAAAA",
  kdf: { name: "PBKDF2-SHA256", iterations: 600000, salt: "AAAAAAAAAAAAAAAAAAAAAA" },
  link: true,
  views: 1,
  ttl: 3600,
};
const CANONICAL =
  '{"v":1,"kind":"note","id":"AAAAAAAAAAAAAAAAAAAAAA","kdf":{"name":"PBKDF2-SHA256","iterations":600000,"salt":"AAAAAAAAAAAAAAAAAAAAAA"},"link":true,"views":1,"ttl":3600}';

describe("header", () => {
  it("encodes to canonical JSON with exactly v, kind, id, kdf, link, views, ttl in that order", () => {
    expect(Buffer.from(encodeHeader(NOTE), "base64url").toString()).toBe(CANONICAL);
    expect(decodeHeader(b64(CANONICAL))).toEqual(NOTE);
  });

  it("refuses other versions and KDFs with UnsupportedVersionError", () => {
    expect(() => decodeHeader(b64(CANONICAL.replace('"v":1', '"v":3')))).toThrow(UnsupportedVersionError);
    expect(() => decodeHeader(b64('{"v":3,"anything":"else"}'))).toThrow(/format version 3/);
    expect(() => decodeHeader(b64(CANONICAL.replace("PBKDF2-SHA256", "Argon2id")))).toThrow(UnsupportedVersionError);
  });

  it.each([
    ["not base64url", "a+b/"],
    ["not UTF-8", Buffer.from([0xff, 0xfe]).toString("base64url")],
    ["not JSON", b64("{")],
    ["an array", b64("[1]")],
    ["non-canonical whitespace", b64(CANONICAL.replace(",", ", "))],
    ["keys out of order", b64(CANONICAL.replace('"v":1,"kind":"note"', '"kind":"note","v":1'))],
    ["an extra key", b64(CANONICAL.replace("}", ',"x":1}'))],
    ["a missing key", b64(CANONICAL.replace(',"ttl":3600', ""))],
    ["a pad with a note id", b64(CANONICAL.replace('"note"', '"pad"'))],
    [
      "a non-canonical note id",
      b64(CANONICAL.replace('"id":"AAAAAAAAAAAAAAAAAAAAAA"', '"id":"AAAAAAAAAAAAAAAAAAAAAB"')),
    ],
    ["a 15-byte salt", b64(CANONICAL.replace('"salt":"AAAAAAAAAAAAAAAAAAAAAA"', '"salt":"AAAAAAAAAAAAAAAAAAAA"'))],
    [
      "neither link nor password",
      b64(CANONICAL.replace(/"kdf":\{[^}]*\}/, '"kdf":null').replace('"link":true', '"link":false')),
    ],
    ["zero views", b64(CANONICAL.replace('"views":1', '"views":0'))],
    ["fractional ttl", b64(CANONICAL.replace('"ttl":3600', '"ttl":1.5'))],
    ["string version", b64(CANONICAL.replace('"v":1', '"v":"1"'))],
    ["too long", "A".repeat(2000)],
  ])("rejects a header that is %s with CorruptEnvelopeError", (_what, header) => {
    expect(() => decodeHeader(header)).toThrow(CorruptEnvelopeError);
  });

  it("validates ids: 22-char canonical base64url notes, lowercase slugs for notepads", () => {
    expect(isNoteId("AAAAAAAAAAAAAAAAAAAAAA")).toBe(true);
    expect(isNoteId("AAAAAAAAAAAAAAAAAAAAAB")).toBe(false);
    expect(isNoteId("AAAAAAAAAAAAAAAAAAAAA")).toBe(false);
    expect(isPadSlug("team-notes-2026")).toBe(true);
    for (const bad of ["", "Team", "a b", "a/b", "x".repeat(65)]) expect(isPadSlug(bad)).toBe(false);
    expect(() => encodeHeader({ ...NOTE, kind: "pad", link: false, id: "Bad Slug" })).toThrow(HushnoteCryptoError);
  });

  it.each([["a--b"], ["-a"], ["a-"], ["-"]])(
    "refuses the pad id %s: a pad id is a slug in normal form (single dashes between characters)",
    (id) => {
      const pad: Header = { ...NOTE, kind: "pad", id, link: false, views: null, ttl: null };
      expect(isPadSlug(id)).toBe(false);
      expect(() => encodeHeader(pad)).toThrow(HushnoteCryptoError);
      const json = CANONICAL.replace(
        '"kind":"note","id":"AAAAAAAAAAAAAAAAAAAAAA"',
        `"kind":"pad","id":"${id}"`,
      ).replace('"link":true,"views":1,"ttl":3600', '"link":false,"views":null,"ttl":null');
      expect(() => decodeHeader(b64(json))).toThrow(/header id is not a valid pad id/);
      expect(decodeHeader(b64(json.replace(`"id":"${id}"`, '"id":"a-b"')))).toEqual({ ...pad, id: "a-b" });
    },
  );
});

describe("payload codec", () => {
  const file = { name: "a.txt", type: "text/plain", bytes: new Uint8Array([1, 2, 3]) };

  it("is u32be(manifest length) ‖ manifest JSON ‖ file bytes", () => {
    const bytes = encodePayload({ text: "hi", tabs: [], files: [file] });
    const manifest = '{"text":"hi","tabs":[],"files":[{"name":"a.txt","type":"text/plain","size":3}]}';
    expect(Buffer.from(bytes).toString("hex")).toBe(
      Buffer.concat([Buffer.from([0, 0, 0, manifest.length]), Buffer.from(manifest), Buffer.from([1, 2, 3])]).toString(
        "hex",
      ),
    );
    expect(decodePayload(bytes)).toEqual({ text: "hi", tabs: [], files: [file] });
  });

  it("rejects payloads whose sizes do not add up, or whose manifest has the wrong shape", () => {
    const good = encodePayload({ text: "hi", tabs: [{ title: "t", text: "x" }], files: [file] });
    for (const bad of [
      good.subarray(0, good.length - 1),
      new Uint8Array([...good, 0]),
      new Uint8Array([0, 0, 0]),
      new Uint8Array([0, 0, 0, 200, 1]),
    ]) {
      expect(() => decodePayload(bad)).toThrow(CorruptEnvelopeError);
    }
    const manifest = (json: string) =>
      new Uint8Array(Buffer.concat([Buffer.alloc(4, 0).fill(0, 0, 3).fill(json.length, 3), Buffer.from(json)]));
    for (const json of [
      '{"text":"","tabs":[]}',
      '{"text":1,"tabs":[],"files":[]}',
      '{"text":"","tabs":[{"title":"t"}],"files":[]}',
      '{"text":"","tabs":[],"files":[],"x":1}',
    ]) {
      expect(() => decodePayload(manifest(json))).toThrow(CorruptEnvelopeError);
    }
  });

  it("refuses to encode something that is not a payload", () => {
    expect(() =>
      encodePayload({ text: "x", tabs: [], files: [{ name: "f", type: "", bytes: [1] as unknown as Uint8Array }] }),
    ).toThrow(HushnoteCryptoError);
    expect(() => encodePayload({ text: 5 as unknown as string, tabs: [], files: [] })).toThrow(HushnoteCryptoError);
  });
});
