/**
 * PUT /api/notes/:id/parts/:n with its framing mutated (issue 13, SPEC §4): a fresh uploading note per case, then one
 * part sent with a drawn part number, token, Content-Type, announced length and actual length, handed to the Worker
 * directly so a lying Content-Length reaches it as drawn. Never a 5xx; stored only when everything was right.
 */
import { env } from "cloudflare:test";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { direct, expectCleanAnswer, fuzzRun } from "./fuzz/check";
import { fuzzParameters, timeoutFor } from "./fuzz/settings";
import { bytesB64 } from "./fuzz/values";
import { createUploading, ORIGIN } from "./helpers";

const SHARE = 0.05;
/** Above the plaintext guard's 512-byte floor (worker/ciphertext-check.ts), so a body of zeros is refused. */
const PART = 1024;
const { statuses, expectNoServerError } = fuzzRun("fuzz parts");

const framing = fc.record({
  n: fc.constantFrom("0", "0", "1", "00", "-0"),
  token: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, bytesB64(32), fc.constantFrom("", "x", "A".repeat(43))),
  type: fc.oneof(
    { weight: 3, arbitrary: fc.constant("application/octet-stream") },
    fc.constantFrom("application/octet-stream; charset=binary", "application/json", "", "text/plain"),
  ),
  length: fc.oneof({ weight: 3, arbitrary: fc.constant(PART) }, fc.nat({ max: 2048 }), fc.constantFrom(0, 1023, 1025)),
  declared: fc.oneof(
    { weight: 3, arbitrary: fc.constant("actual") },
    fc.constantFrom("1024", "1023", "1025", "0", "-1", "abc", "1e2", "99999999999999999", "", "absent"),
  ),
  random: fc.boolean(),
});

describe("PUT /api/notes/:id/parts/:n with its framing mutated", () => {
  it(
    "stores the part only when token, number, type and both lengths are right; otherwise a clean refusal, nothing kept",
    async () => {
      await fc.assert(
        fc.asyncProperty(framing, async (f) => {
          const note = await createUploading({ bodyBytes: PART });
          const body = new Uint8Array(f.length);
          // Random bytes look like ciphertext; a run of one byte is refused as plaintext.
          if (f.random) crypto.getRandomValues(body);
          const headers: Record<string, string> = {
            "Content-Type": f.type,
            Authorization: `Bearer ${f.token ?? note.manageToken}`,
          };
          if (f.declared !== "absent")
            headers["Content-Length"] = f.declared === "actual" ? String(f.length) : f.declared;
          const request = new Request(`${ORIGIN}/api/notes/${note.id}/parts/${f.n}`, { method: "PUT", headers, body });
          const response = await direct(request);
          statuses.add(response.status);
          await expectCleanAnswer(request, response);
          expectNoServerError();
          const right =
            f.token === null &&
            f.n === "0" &&
            f.type.startsWith("application/octet-stream") &&
            f.length === PART &&
            (f.declared === "actual" || f.declared === "1024") &&
            f.random;
          const stored = (await env.NOTES.list({ prefix: `n/${note.id}` })).keys.length;
          expect(response.status === 200, `answered ${response.status} to ${JSON.stringify(f)}`).toBe(right);
          expect(stored).toBe(right ? 1 : 0);
        }),
        fuzzParameters("part framing", SHARE),
      );
    },
    timeoutFor(SHARE),
  );
});
