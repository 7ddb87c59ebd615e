import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { call, encodeJson, makeNote, randomBytes } from "./helpers";
import { expectRefused } from "./refusal-helpers";

type Mutation = [string, (r: Record<string, unknown>, header: Record<string, unknown>) => void];

const mutations: Mutation[] = [
  ["id missing", (r) => delete r.id],
  ["id too short", (r) => (r.id = "abc")],
  ["id with padding", (r) => (r.id = `${(r.id as string).slice(0, 20)}==`)],
  ["id a number", (r) => (r.id = 12345)],
  ["header not base64url", (r) => (r.header = "{not base64}")],
  ["header over 1 KiB", (r, h) => (r.header = encodeJson({ ...h, pad: "x".repeat(1100) }))],
  ["header not JSON", (r) => (r.header = toBase64Url(new TextEncoder().encode("v=1")))],
  ["header version 2", (r, h) => (r.header = encodeJson({ ...h, v: 2 }))],
  ["header for another id", (r, h) => (r.header = encodeJson({ ...h, id: toBase64Url(randomBytes(16)) }))],
  ["header kind pad", (r, h) => (r.header = encodeJson({ ...h, kind: "pad" }))],
  ["header views differ", (r, h) => (r.header = encodeJson({ ...h, views: 2 }))],
  ["header ttl differs", (r, h) => (r.header = encodeJson({ ...h, ttl: 61 }))],
  ["header extra field", (r, h) => (r.header = encodeJson({ ...h, extra: 1 }))],
  ["header neither link nor kdf", (r, h) => (r.header = encodeJson({ ...h, link: false }))],
  [
    "kdf too few iterations",
    (r, h) =>
      (r.header = encodeJson({
        ...h,
        kdf: { name: "PBKDF2-SHA256", iterations: 309_999, salt: toBase64Url(randomBytes(16)) },
      })),
  ],
  [
    "kdf unknown name",
    (r, h) =>
      (r.header = encodeJson({
        ...h,
        kdf: { name: "scrypt", iterations: 600_000, salt: toBase64Url(randomBytes(16)) },
      })),
  ],
  [
    "kdf short salt",
    (r, h) =>
      (r.header = encodeJson({
        ...h,
        kdf: { name: "PBKDF2-SHA256", iterations: 600_000, salt: toBase64Url(randomBytes(8)) },
      })),
  ],
  ["wrappedKey short", (r) => (r.wrappedKey = toBase64Url(randomBytes(59)))],
  ["verifier long", (r) => (r.verifier = toBase64Url(randomBytes(33)))],
  ["verifier with padding", (r) => (r.verifier = `${toBase64Url(randomBytes(32))}=`)],
  ["size missing", (r) => delete r.size],
  ["size negative", (r) => (r.size = -200)],
  ["size fractional", (r) => (r.size = 200.5)],
  ["size a string", (r) => (r.size = "200")],
  ["size shorter than head and one tag", (r) => (r.size = 8 + 15)],
  ["size ending in a record shorter than a tag", (r) => (r.size = 8 + 65_552 + 15)],
  ["size ending in a tag-only record after a full one", (r) => (r.size = 8 + 65_552 + 16)],
  ["views zero", (r) => (r.views = 0)],
  ["views 101", (r) => (r.views = 101)],
  ["views fractional", (r) => (r.views = 1.5)],
  ["views a string", (r) => (r.views = "1")],
  ["views huge", (r) => (r.views = 1e308)],
  ["ttl below 60", (r) => (r.ttl = 59)],
  ["ttl above 30 days", (r) => (r.ttl = 2592001)],
  ["ttl missing", (r) => delete r.ttl],
  ["ttl not an expiry choice", (r) => (r.ttl = 7200)],
  ["ttl negative", (r) => (r.ttl = -1)],
];

describe("POST /api/notes validation", () => {
  it.each(mutations)("refuses %s with 400 and stores nothing", async (_name, mutate) => {
    const note = await makeNote();
    const request: Record<string, unknown> = { ...note.request };
    const header = JSON.parse(
      new TextDecoder().decode(
        Uint8Array.from(atob(note.request.header.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0)),
      ),
    );
    mutate(request, header);
    await expectRefused(await call("POST", "/api/notes", { json: request }), 400, note.id);
  });

  it.each([
    ["not JSON", "{"],
    ["an array", "[]"],
    ["a string", '"x"'],
    ["null", "null"],
    ["invalid UTF-8", new Uint8Array([0x7b, 0xff, 0x7d])],
  ] as const)("refuses a body that is %s with 400", async (_name, raw) => {
    await expectRefused(
      await call("POST", "/api/notes", { raw: raw as BodyInit, headers: { "Content-Type": "application/json" } }),
      400,
    );
  });

  it("answers every fuzzed malformed request with a 4xx JSON error, never a 5xx", async () => {
    const anything = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.nat()),
      fc.object(),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            id: anything,
            header: anything,
            wrappedKey: anything,
            size: anything,
            verifier: anything,
            views: anything,
            ttl: anything,
          },
          { requiredKeys: [] },
        ),
        async (input) => {
          const response = await call("POST", "/api/notes", { json: input });
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          expect(await response.json()).toMatchObject({ status: response.status, error: expect.any(String) });
        },
      ),
      { numRuns: 200 },
    );
  });
});
