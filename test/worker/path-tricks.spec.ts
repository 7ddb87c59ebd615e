/** Malformed ids, unknown routes and methods, and fuzzed open and delete bodies: always a JSON 4xx. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { call, randomBytes } from "./helpers";
import { expectRefused } from "./refusal-helpers";

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
