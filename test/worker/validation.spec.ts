import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "../../crypto/base64url";
import { call, encodeJson, inspectNote, makeNote, randomBytes, storedBody } from "./helpers";

/** Asserts a clean refusal: the given 4xx, a JSON {status, error} with a sentence, nothing stored. */
async function expectRefused(response: Response, status: number, id?: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  const body = (await response.json()) as { status: number; error: string };
  expect(body.status).toBe(status);
  expect(body.error).toMatch(/^[A-Z"].{10,}/);
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
  if (id) {
    expect((await inspectNote(id)).row).toBeNull();
    expect(await storedBody(id)).toBeNull();
  }
}

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
  ["body empty", (r) => (r.body = "")],
  ["body standard base64", (r) => (r.body = "ab+/")],
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
            body: anything,
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

/** The note's header as the JSON object it encodes. */
function headerOf(request: { header: string }): Record<string, unknown> {
  return JSON.parse(new TextDecoder().decode(fromBase64Url(request.header)!)) as Record<string, unknown>;
}

const utf8Base64 = (json: string) => toBase64Url(new TextEncoder().encode(json));

describe("POST /api/notes header: the format's own decoder decides what a header is", () => {
  const respellings: [string, (h: Record<string, unknown>) => string][] = [
    ["its keys in another order", (h) => encodeJson({ ttl: h.ttl, ...h })],
    ["whitespace between fields", (h) => utf8Base64(JSON.stringify(h, null, 1))],
    [
      "its kdf keys in another order",
      (h) => {
        const kdf = h.kdf as { name: string; iterations: number; salt: string };
        return encodeJson({ ...h, kdf: { salt: kdf.salt, name: kdf.name, iterations: kdf.iterations } });
      },
    ],
    [
      "an escaped character in its id",
      (h) =>
        utf8Base64(
          JSON.stringify(h).replace(
            `"id":"${h.id as string}`,
            `"id":"\\u00${(h.id as string).charCodeAt(0).toString(16)}${(h.id as string).slice(1)}`,
          ),
        ),
    ],
    ["views written as 1.0", (h) => utf8Base64(JSON.stringify(h).replace('"views":1', '"views":1.0'))],
  ];

  it.each(respellings)(
    "refuses a header with %s, which every reader refuses as non-canonical, and stores nothing",
    async (_name, respell) => {
      const note = await makeNote({
        kdf: { name: "PBKDF2-SHA256", iterations: 600_000, salt: toBase64Url(randomBytes(16)) },
      });
      const header = respell(headerOf(note.request));
      expect(header).not.toBe(note.request.header);
      expect(headerOf({ header })).toEqual(headerOf(note.request));
      const response = await call("POST", "/api/notes", { json: { ...note.request, header } });
      expect(((await response.clone().json()) as { error: string }).error).toMatch(/not in canonical form/);
      await expectRefused(response, 400, note.id);
      expect((await call("POST", "/api/notes", { json: note.request })).status).toBe(201);
    },
  );

  it.each([
    ["version 3", { v: 3 }],
    ["another KDF", { kdf: { name: "scrypt", iterations: 600_000, salt: toBase64Url(randomBytes(16)) } }],
  ])("answers a header of %s with a sentence that says only versions 1 and 2 are accepted", async (_name, change) => {
    const note = await makeNote();
    const response = await call("POST", "/api/notes", {
      json: { ...note.request, header: encodeJson({ ...headerOf(note.request), ...change }) },
    });
    expect(((await response.clone().json()) as { error: string }).error).toMatch(
      /^Only format version 1 and 2 headers .*accepted/,
    );
    await expectRefused(response, 400, note.id);
  });

  it("passes on the decoder's reason for a corrupt header", async () => {
    const note = await makeNote();
    const response = await call("POST", "/api/notes", {
      json: { ...note.request, header: encodeJson({ ...headerOf(note.request), link: false }) },
    });
    expect(((await response.clone().json()) as { error: string }).error).toMatch(
      /^"header" is not a valid header.*link key, a password or both/,
    );
    await expectRefused(response, 400, note.id);
  });
});

describe("path and method tricks", () => {
  it.each([
    ["GET", "/api/notes/..%2F..%2Fetc"],
    ["GET", "/api/notes/AAAAAAAAAAAAAAAAAAAAA%00"],
    ["GET", `/api/notes/${"A".repeat(5000)}`],
    ["POST", "/api/notes/AAAAAAAAAAAAAAAAAAAAAA=/open"],
    ["GET", "/api/notes/AAAAAAAAAAAAAAAAAAAAAB"],
  ])("%s %s answers 400 with JSON", async (method, path) => {
    const response = await call(
      method,
      path,
      method === "POST" ? { json: { proof: toBase64Url(randomBytes(32)) } } : {},
    );
    await expectRefused(response, 400);
  });

  it.each([
    ["PUT", "/api/notes"],
    ["GET", "/api/nothing"],
    ["PATCH", "/api/notes/AAAAAAAAAAAAAAAAAAAAAA"],
  ])("%s %s answers 404 with JSON", async (method, path) => {
    await expectRefused(await call(method, path), 404);
  });

  it("refuses an open without a proof, or with a malformed one", async () => {
    const id = toBase64Url(randomBytes(16));
    await expectRefused(await call("POST", `/api/notes/${id}/open`, { json: {} }), 400);
    await expectRefused(await call("POST", `/api/notes/${id}/open`, { json: { proof: "short" } }), 400);
    await expectRefused(
      await call("POST", `/api/notes/${id}/open`, { raw: "proof", headers: { "Content-Type": "text/plain" } }),
      415,
    );
  });

  it("fuzzes open and delete with arbitrary JSON: always a 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.constantFrom("POST", "DELETE"), async (json, method) => {
        const id = toBase64Url(randomBytes(16));
        const response = await call(method, method === "POST" ? `/api/notes/${id}/open` : `/api/notes/${id}`, { json });
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  });
});
