/** POST /api/notes refuses every header the format's own decoder refuses, with the decoder's reason. */
import { describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "../../crypto/base64url";
import { call, encodeJson, makeNote, randomBytes } from "./helpers";
import { expectRefused } from "./refusal-helpers";

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
