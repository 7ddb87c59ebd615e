// What a grant holder can make the Worker do per request: a resume reads from KV only the parts its range needs, so
// the cost of a request does not grow with the parts before the range (a 2 GiB note has 86).
import { describe, expect, it } from "vitest";
import { ciphertextLength } from "../../crypto/parts";
import { callWith, createNote, noteBodyKeys, spyKv } from "./helpers";
import { openRaw, readOpened } from "./note-transfer";

describe("a resume by Range", () => {
  it("reads from KV only the parts from the one holding its first byte", async () => {
    const note = await createNote({ views: 2, bodyBytes: ciphertextLength(384 * 65_536 + 100, 1), ttl: 86400 });
    const { meta } = await readOpened(await openRaw(note.id, note.proof));
    const spy = spyKv();
    const [first] = note.parts;
    const tail = await callWith({ NOTES: spy.kv }, "GET", `/api/notes/${note.id}/body`, {
      headers: { Authorization: `Bearer ${meta!.grant}`, Range: `bytes=${first! + 10}-` },
    });
    expect(tail.status).toBe(206);
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(note.body.subarray(first! + 10));
    const keys = await noteBodyKeys(note.id);
    expect(keys).toHaveLength(2);
    // One get for the part holding the range; none for part 0, which the range does not touch.
    expect(spy.calls.filter((call) => call.startsWith("get "))).toHaveLength(1);
  });
});
