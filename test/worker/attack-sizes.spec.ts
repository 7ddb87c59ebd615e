import { describe, expect, it } from "vitest";
import { ciphertextLength } from "../../crypto/parts";
import { call, createNote, createUploading, inspectNote, randomBytes, storedBody } from "./helpers";
import { putPart } from "./note-transfer";

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const receipt = async (id: string, token: string) =>
  (await call("GET", `/api/notes/${id}/receipt`, { headers: bearer(token) })).json();
/** A v1 note of two parts whose second is small, so both can be sent in a test. */
const twoParts = { bodyBytes: ciphertextLength(384 * 65_536 + 100, 1), ttl: 86400 };

describe("a creator lying about the size", () => {
  it("cannot store more than the declared size: a larger part is 413, a longer stream 400", async () => {
    const note = await createUploading(twoParts);
    // Part 1 is 116 bytes; a full part's worth in its place is refused from Content-Length alone.
    const big = await putPart(note.id, 1, new Uint8Array(0), note.manageToken, {
      "Content-Length": String(note.parts[0]),
    });
    expect(big.status).toBe(413);
    const longer = new ReadableStream({
      start(controller) {
        controller.enqueue(randomBytes(note.parts[1]! * 4));
        controller.close();
      },
    }) as unknown as BodyInit;
    const sneaky = await putPart(note.id, 1, longer, note.manageToken, { "Content-Length": String(note.parts[1]) });
    expect(sneaky.status).toBe(400);
    expect(await receipt(note.id, note.manageToken)).toMatchObject({ state: "uploading", partsStored: 0 });
  });

  it("cannot declare a size beyond the limit in any spelling the JSON allows", async () => {
    const { makeNote } = await import("./helpers");
    const { request } = await makeNote();
    const answers: number[] = [];
    for (const size of [1e21, -24, 24.5, "200", null, 2 ** 53, Number.MAX_SAFE_INTEGER, 3 * 1024 ** 3]) {
      answers.push((await call("POST", "/api/notes", { json: { ...request, size } })).status);
    }
    expect(answers).toEqual([400, 400, 400, 400, 400, 400, 413, 413]);
  });

  it("gets a readable note only when every part is exactly the size the create answered", async () => {
    const note = await createNote(twoParts);
    const stored = await storedBody(note.id);
    expect(stored!.byteLength).toBe(note.request.size);
    expect((await inspectNote(note.id)).row).toMatchObject({ body_size: note.request.size, parts: 2 });
  });
});
