// Bad input to the request routes is a 4xx JSON sentence that stores nothing: no request object, no answer taken, no
// note created. A table of shapes that are each wrong in one way, then random values in every field (fast-check).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { bytesB64, nastyText } from "./fuzz/values";
import { call, encodeJson, inspectNote } from "./helpers";
import { b64, createRequest, inspectRequest, makeAnswer, postAnswer, requestBody } from "./request-helpers";

const jsonError = { status: expect.any(Number), error: expect.stringMatching(/^[A-Z"].+[.)]$/) };

async function expectRefused(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  expect(await response.json()).toEqual({ ...jsonError, status });
}

/** Any JSON value, nasty strings and near-valid base64url included. */
const anyValue = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e21, "", [], {}),
  nastyText(),
  fc.integer(),
  bytesB64(16),
  bytesB64(32),
  bytesB64(65),
  bytesB64(125),
  fc.jsonValue({ maxDepth: 2 }),
);

describe("POST /api/requests with bad input", () => {
  const key = new Uint8Array(65);
  key[0] = 2;
  it.each([
    ["no id", { id: undefined }],
    ["a short id", { id: b64(15) }],
    ["a public key of 64 bytes", { publicKey: b64(64) }],
    ["a compressed public key (0x02)", { publicKey: toBase64Url(key) }],
    ["a padded public key", { publicKey: `${b64(65)}=` }],
    ["a description of 27 bytes", { description: b64(27) }],
    ["a description of 4,097 bytes", { description: b64(4097) }],
    ["a description that is not base64url", { description: "not base64url!" }],
    ["answers as a string", { answers: "1" }],
    ["answers 1.5", { answers: 1.5 }],
    ["answers null", { answers: null }],
    ["no manage token", { manageToken: undefined }],
    ["a manage token of 31 bytes", { manageToken: b64(31) }],
    ["ttl as a string", { ttl: "3600" }],
  ])("answers 400 for %s, storing nothing", async (_what, change) => {
    const body = { ...requestBody(), ...change };
    await expectRefused(await call("POST", "/api/requests", { json: body }), 400);
    expect((await inspectRequest(body.id ?? b64(16))).tables).toBe(0);
  });

  it("answers 415 for another content type, 413 above 16 KiB, 400 for bad JSON", async () => {
    const body = requestBody();
    const raw = JSON.stringify(body);
    await expectRefused(await call("POST", "/api/requests", { raw, headers: { "Content-Type": "text/plain" } }), 415);
    const big = JSON.stringify({ ...body, padding: "x".repeat(17_000) });
    await expectRefused(
      await call("POST", "/api/requests", { raw: big, headers: { "Content-Type": "application/json" } }),
      413,
    );
    await expectRefused(
      await call("POST", "/api/requests", { raw: "{", headers: { "Content-Type": "application/json" } }),
      400,
    );
    await expectRefused(await call("POST", "/api/requests", { json: [body] }), 400);
    expect((await inspectRequest(body.id)).tables).toBe(0);
  });

  it("refuses random values in any field with a 4xx JSON sentence and stores nothing, or creates", async () => {
    const fields = ["id", "publicKey", "description", "answers", "ttl", "manageToken"] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), anyValue, async (field, value) => {
        const body: Record<string, unknown> = { ...requestBody(), [field]: value };
        const response = await call("POST", "/api/requests", { json: body });
        if (response.status === 201) return;
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(await response.json()).toEqual({ ...jsonError, status: response.status });
        if (typeof body.id === "string" && /^[\w-]{22}$/.test(body.id)) {
          expect((await inspectRequest(body.id)).tables).toBe(0);
        }
      }),
      { numRuns: 60, seed: 15 },
    );
  });
});

describe("POST /api/requests/:id/answers with bad input", () => {
  type Answer = Awaited<ReturnType<typeof makeAnswer>>;
  const header = (a: Answer, change: Record<string, unknown>) =>
    encodeJson({ v: 2, kind: "note", id: a.id, kdf: null, link: true, views: 1, ttl: 300, ...change });
  it.each<[string, (a: Answer) => unknown]>([
    ["no note", (a) => ({ sealedKey: a.body.sealedKey })],
    ["a note that is an array", (a) => ({ ...a.body, note: [a.body.note] })],
    ["a sealed key of 124 bytes", (a) => ({ ...a.body, sealedKey: b64(124) })],
    ["no sealed key", (a) => ({ note: a.body.note })],
    ["a note with a bad verifier", (a) => ({ ...a.body, note: { ...a.body.note, verifier: b64(31) } })],
    ["a note whose views differ from its header", (a) => ({ ...a.body, note: { ...a.body.note, views: 2 } })],
    [
      "a note for two views",
      (a) => ({ ...a.body, note: { ...a.body.note, views: 2, header: header(a, { views: 2 }) } }),
    ],
    [
      "a format v1 note",
      (a) => ({
        ...a.body,
        note: { ...a.body.note, header: header(a, { v: 1 }), linkVerifier: undefined, wrappedKey: b64(60) },
      }),
    ],
  ])("answers 400 for %s, taking no answer and creating no note", async (_what, change) => {
    const request = await createRequest();
    const answer = await makeAnswer();
    await expectRefused(await postAnswer(request.id, change(answer)), 400);
    expect((await inspectRequest(request.id)).row).toMatchObject({ answers_left: 1 });
    expect((await inspectNote(answer.id)).row).toBeNull();
  });

  it("answers 400 for a note with a password: the asker could not open it", async () => {
    const request = await createRequest();
    const answer = await makeAnswer({ password: true });
    await expectRefused(await postAnswer(request.id, answer.body), 400);
    expect((await inspectNote(answer.id)).row).toBeNull();
  });

  it("refuses random values in any field of the answer or its note, taking nothing, or answers", async () => {
    const request = await createRequest({ answers: 100 });
    const noteFields = [
      "id",
      "header",
      "wrappedKey",
      "verifier",
      "linkVerifier",
      "views",
      "ttl",
      "size",
      "manageToken",
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("sealedKey", ...noteFields), anyValue, async (field, value) => {
        const answer = await makeAnswer();
        const body: Record<string, unknown> =
          field === "sealedKey"
            ? { ...answer.body, sealedKey: value }
            : { ...answer.body, note: { ...answer.body.note, [field]: value } };
        const before = (await inspectRequest(request.id)).row!.answers_left;
        const response = await postAnswer(request.id, body);
        if (response.status === 201) return;
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(await response.json()).toEqual({ ...jsonError, status: response.status });
        expect((await inspectRequest(request.id)).row!.answers_left).toBe(before);
        expect((await inspectNote(answer.id)).row).toBeNull();
      }),
      { numRuns: 60, seed: 15 },
    );
  });
});
