/** A notepad save with a body: the bytes as octet-stream, its fields in Hushnote-Save, refused before KV when wrong. */
import { describe, expect, it } from "vitest";
import { callWith, randomBytes, spyKv } from "./helpers";
import {
  createPad,
  freshSlug,
  openPad,
  padBodyKeys,
  padKeys,
  padSaveRequest,
  putPad,
  saveHeaders,
} from "./pad-helpers";
import { answer, wrong } from "./pad-owner-helpers";

/** A body stream that records whether anyone read from it (highWaterMark 0: nothing is pulled ahead of a read). */
function watched(bytes: Uint8Array) {
  const state = { pulled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        state.pulled = true;
        controller.enqueue(bytes);
        controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

/** The pad still holds version `version` with `body`, and KV nothing else. */
async function unchanged(slug: string, keys: { proof: string }, body: Uint8Array, version = 1) {
  const opened = await answer(await openPad(slug, keys.proof));
  expect(opened.json).toMatchObject({ version, size: body.length });
  expect(opened.body).toEqual(body);
  expect(await padBodyKeys(slug)).toHaveLength(1);
}

describe("PUT /api/pads/:slug with a body", () => {
  it.each([
    ["malformed JSON", '{"version":1,'],
    ["a JSON array", "[1]"],
    ["non-ASCII", '{"version":1,"note":"caf\u00e9"}'],
    ["more than 8 KiB", JSON.stringify({ version: 1, padding: "x".repeat(8200) })],
  ])("refuses a Hushnote-Save header that is %s with 400 and stores nothing", async (_what, save) => {
    const { slug, keys, body } = await createPad();
    const response = await padSaveRequest(slug, save, randomBytes(400));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/Hushnote-Save/);
    await unchanged(slug, keys, body);
    const fresh = freshSlug();
    expect((await padSaveRequest(fresh, save, randomBytes(400))).status).toBe(400);
    expect(await padBodyKeys(fresh)).toEqual([]);
  });

  it("refuses a body without its Hushnote-Save header, a body inside JSON, and other content types", async () => {
    const { slug, keys, body } = await createPad();
    const without = await callWith({}, "PUT", `/api/pads/${slug}`, {
      raw: randomBytes(400),
      headers: { "Content-Type": "application/octet-stream", "Content-Length": "400" },
    });
    expect(without.status).toBe(400);
    const inJson = await callWith({}, "PUT", `/api/pads/${slug}`, {
      json: { version: 1, proof: keys.proof, body: "AAAA" },
    });
    expect(inJson.status).toBe(400);
    expect(((await inJson.json()) as { error: string }).error).toMatch(/octet-stream/);
    const save = JSON.stringify({ version: 1, proof: keys.proof });
    expect((await padSaveRequest(slug, save, randomBytes(400), { "Content-Type": "text/plain" })).status).toBe(415);
    await unchanged(slug, keys, body);
  });

  it.each([
    ["shorter", 1],
    ["longer", -1],
  ])("refuses a body %s than its Content-Length with 400; the old version still opens", async (_what, delta) => {
    const { slug, keys, body } = await createPad();
    const bytes = randomBytes(100_000);
    const save = JSON.stringify({ version: 1, proof: keys.proof });
    const { stream } = watched(bytes);
    const response = await callWith({}, "PUT", `/api/pads/${slug}`, {
      raw: stream,
      headers: saveHeaders(save, bytes.length + delta),
    });
    expect(response.status).toBe(400);
    await unchanged(slug, keys, body);
  });

  it("refuses a length no writer of the pad's format produces with 400: the stored header's, or the new one's", async () => {
    const { slug, keys, body } = await createPad();
    // 40 bytes: v1's 8-byte head and a 32-byte record; less than v2's 36-byte head and one 16-byte tag.
    const v2 = await padKeys(slug, 2);
    const rekey = {
      version: 1,
      proof: keys.proof,
      header: v2.header,
      wrappedKey: v2.wrappedKey,
      verifier: v2.verifier,
    };
    const refused = await putPad(slug, { ...rekey, body: randomBytes(40) });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toMatch(/format v2/);
    await unchanged(slug, keys, body);
    const tagless = await padSaveRequest(slug, JSON.stringify({ version: 1, proof: keys.proof }), randomBytes(8 + 15));
    expect(((await tagless.json()) as { error: string }).error).toMatch(/format v1/);
    expect((await putPad(slug, { ...rekey, body: randomBytes(300) })).status).toBe(200);
    const bodyOnly = await putPad(slug, { version: 2, proof: v2.proof, body: randomBytes(40) });
    expect(bodyOnly.status).toBe(400);
    expect(((await bodyOnly.json()) as { error: string }).error).toMatch(/format v2/);
    expect((await putPad(slug, { version: 2, proof: v2.proof, body: randomBytes(52) })).status).toBe(200);
  });

  it("refuses a body that compresses like plaintext with 400 and writes nothing", async () => {
    const { slug, keys, body } = await createPad();
    const save = JSON.stringify({ version: 1, proof: keys.proof });
    const plaintext = new TextEncoder().encode("my notes, in the clear. ".repeat(2000));
    const response = await padSaveRequest(slug, save, plaintext);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/plaintext/);
    await unchanged(slug, keys, body);
  });

  it("checks the proof before reading the body: a wrong one gets 403, nothing is read or written to KV", async () => {
    const { slug, keys, body } = await createPad();
    const spy = spyKv();
    const { stream, state } = watched(randomBytes(400));
    const response = await callWith({ NOTES: spy.kv }, "PUT", `/api/pads/${slug}`, {
      raw: stream,
      headers: saveHeaders(JSON.stringify({ version: 1, proof: wrong() }), 400),
    });
    expect(response.status).toBe(403);
    expect(state.pulled).toBe(false);
    expect(spy.calls).toEqual([]);
    await unchanged(slug, keys, body);
  });

  it("answers 413 for a Content-Length over the pad limit before reading; the limit itself is accepted", async () => {
    // MAX_BODY_BYTES 4096: a pad holds 4096 bytes of payload plus 64 KiB for its manifest, sealed (v2 head: 36 bytes).
    const vars = { MAX_BODY_BYTES: "4096" };
    const limit = 36 + 4096 + 65_536 + 2 * 16;
    const slug = freshSlug();
    const keys = await padKeys(slug);
    const save = JSON.stringify({
      version: 0,
      header: keys.header,
      wrappedKey: keys.wrappedKey,
      verifier: keys.verifier,
    });
    const { stream, state } = watched(randomBytes(limit + 1));
    const over = await callWith(vars, "PUT", `/api/pads/${slug}`, {
      raw: stream,
      headers: saveHeaders(save, limit + 1),
    });
    expect(over.status).toBe(413);
    expect(state.pulled).toBe(false);
    expect(await padBodyKeys(slug)).toEqual([]);
    const at = await callWith(vars, "PUT", `/api/pads/${slug}`, {
      raw: randomBytes(limit),
      headers: saveHeaders(save, limit),
    });
    expect(at.status).toBe(200);
    expect((await answer(await openPad(slug, keys.proof))).body).toHaveLength(limit);
  });

  it("lets one of two concurrent 1 MiB saves of one version win; the other gets 409 and leaves nothing in KV", async () => {
    const { slug, keys } = await createPad();
    const bodies = [randomBytes(1 << 20), randomBytes(1 << 20)];
    const responses = await Promise.all(bodies.map((body) => putPad(slug, { version: 1, proof: keys.proof, body })));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    const winner = bodies[responses.findIndex((r) => r.status === 200)]!;
    await unchanged(slug, keys, winner, 2);
  });
});
