/**
 * Valid requests with exactly one field mutated (issue 13, SPEC §4): a create, a notepad create and an open, built
 * from drawn bytes. The answer is never a 5xx, a refusal is JSON {status, error} and stores nothing (KV keys and the
 * object's tables unchanged), and a success happens only where the mutated value is one the API accepts.
 */
import { env } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { direct, expectCleanAnswer, expectObjectsEmpty, fuzzRun, kvKeys } from "./fuzz/check";
import { fuzzParameters, timeoutFor } from "./fuzz/settings";
import { createMayPass, mutated, mutation, noteCreate, padCreate, padCreateMayPass } from "./fuzz/valid";
import { slugText } from "./fuzz/values";
import { createNote, ORIGIN, randomBytes } from "./helpers";

const { statuses, expectNoServerError } = fuzzRun("fuzz mutations");

const json = (path: string, method: string, text: string, type = "application/json") =>
  new Request(ORIGIN + path, { method, headers: { "Content-Type": type }, body: text });

/** No 500's log line, ever. */

describe("POST /api/notes with one field mutated", () => {
  it("creates from the unmutated request, so the property below can tell valid from refused", async () => {
    const { json: valid } = await fc.sample(noteCreate, { seed: 1, numRuns: 1 })[0]!;
    expect((await direct(json("/api/notes", "POST", JSON.stringify(valid)))).status).toBe(201);
  });

  const SHARE = 0.15;
  it(
    "creates only where the mutated value is valid, and a refusal leaves the note's object empty",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          noteCreate,
          mutation(["id", "header", "wrappedKey", "verifier", "views", "ttl", "size", "linkVerifier", "manageToken"]),
          async (made, m) => {
            const { id, json: valid } = await made;
            const response = await direct(json("/api/notes", "POST", mutated(valid, m)));
            statuses.add(`create ${response.status}`);
            await expectCleanAnswer(new Request(`${ORIGIN}/api/notes`, { method: "POST" }), response);
            expectNoServerError();
            if (response.status === 201) {
              expect(createMayPass(valid, m), `created with ${JSON.stringify(m).slice(0, 200)}`).toBe(true);
            } else {
              expect(response.status).toBeLessThan(500);
              await expectObjectsEmpty([id], []);
            }
            expect(await env.NOTES.list({ prefix: `n/${id}` })).toMatchObject({ keys: [] });
          },
        ),
        fuzzParameters("create mutations", SHARE),
      );
    },
    timeoutFor(SHARE),
  );
});

describe("PUT /api/pads/:slug (create) with one field of Hushnote-Save mutated", () => {
  const SHARE = 0.15;
  const body = randomBytes(300);
  let seq = 0;
  it(
    "creates only where the mutated value is valid, and a refusal stores nothing",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          slugText
            .filter((s) => /^fz-[a-z0-9-]+$/.test(s))
            .chain((s) => padCreate(`${s}-${seq++}`).map((p) => ({ slug: `${s}-${seq - 1}`, p }))),
          mutation(["version", "header", "wrappedKey", "verifier", "proof", "saveId", "device"]),
          async ({ slug, p }, m) => {
            const fields = await p;
            const before = await kvKeys();
            const save = mutated(fields, m);
            const headers = {
              "Content-Type": "application/octet-stream",
              "Content-Length": String(body.byteLength),
              "Hushnote-Save": save,
            };
            let request: Request;
            try {
              request = new Request(`${ORIGIN}/api/pads/${slug}`, { method: "PUT", headers, body });
            } catch {
              statuses.add("pad not sendable");
              return;
            }
            const response = await direct(request);
            statuses.add(`pad ${response.status}`);
            await expectCleanAnswer(request, response);
            expectNoServerError();
            if (response.status === 200) {
              expect(padCreateMayPass(fields, m), `created with ${save.slice(0, 300)}`).toBe(true);
            } else {
              expect(await kvKeys(), "KV unchanged").toEqual(before);
              await expectObjectsEmpty([], [slug]);
            }
          },
        ),
        fuzzParameters("notepad create mutations", SHARE),
      );
    },
    timeoutFor(SHARE),
  );
});

describe("POST /api/notes/:id/open with its body mutated", () => {
  const SHARE = 0.1;
  let notes: Awaited<ReturnType<typeof createNote>>[] = [];
  beforeAll(async () => {
    notes = await Promise.all([0, 1, 2].map(() => createNote({ views: null })));
  });

  it(
    "opens only with the right proof, and anything else is a clean refusal that stores nothing",
    async () => {
      const before = await kvKeys();
      await fc.assert(
        fc.asyncProperty(
          fc.nat({ max: 2 }),
          mutation(["proof", "linkProof", "grant"]),
          fc.oneof(
            { weight: 4, arbitrary: fc.constant("application/json") },
            fc.constantFrom("application/json; charset=utf-8", "text/plain", "application/octet-stream"),
          ),
          async (which, m, type) => {
            const note = notes[which]!;
            const request = json(`/api/notes/${note.id}/open`, "POST", mutated({ proof: note.proof }, m), type);
            const response = await direct(request);
            statuses.add(`open ${response.status}`);
            await expectCleanAnswer(request, response);
            if (!response.bodyUsed) await response.body?.cancel();
            expectNoServerError();
            if (response.status === 200) {
              expect(type.startsWith("application/json")).toBe(true);
              const proofKept = m.field !== "proof" || (!m.deleted && m.value === note.proof);
              expect(proofKept, `opened with ${JSON.stringify(m).slice(0, 200)}`).toBe(true);
            }
            expect(await kvKeys(), "KV unchanged").toEqual(before);
          },
        ),
        fuzzParameters("open mutations", SHARE),
      );
    },
    timeoutFor(SHARE),
  );
});
