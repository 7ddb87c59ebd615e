// Reading a note under storage faults. A failed open consumes no view, except when consume's reply was lost after it
// committed: the view is then the reader's, and the same request (same grant) answers it, whole, until the grant ends;
// nobody else gets it. The body routes of a grant recover the same way. (faults-table.ts runs the table.)
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { RECORD_SIZE } from "../../crypto/constants";
import { ciphertextLength, RECORDS_PER_PART } from "../../crypto/parts";
import { callFaulty, request } from "./faults";
import { lostAfter, underFaults } from "./faults-table";
import { call, createNote, noteBodyKeys, randomBytes } from "./helpers";
import { finishBody, type OpenMeta, readBody, readOpened } from "./note-transfer";

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const openRequest = <T extends { id: string; proof: string; grant: string }>(note: T) =>
  request("POST", `/api/notes/${note.id}/open`, { json: { proof: note.proof, grant: note.grant } });
const viewsLeft = async (id: string) => {
  const response = await call("GET", `/api/notes/${id}`);
  return response.status === 404 ? "gone" : ((await response.json()) as { viewsLeft: number }).viewsLeft;
};

/** Reads a stream to its end or its error, counting bytes (a 25 MiB body is never compared element by element). */
async function drain(stream: ReadableStream<Uint8Array>): Promise<{ bytes: number; failed: boolean }> {
  const reader = stream.getReader();
  let bytes = 0;
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += chunk.value.byteLength;
    return { bytes, failed: false };
  } catch {
    return { bytes, failed: true };
  }
}
const digest = async (bytes: Uint8Array) => new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));

/** A stored one-time note and the grant its reader draws. */
async function readable() {
  const note = await createNote();
  const grant = toBase64Url(randomBytes(32));
  return { ...note, grant, secrets: [note.id, note.manageToken, note.proof, grant] };
}

/** The reader's open went through (its body read, its grant kept open for the body routes). */
async function opened() {
  const note = await readable();
  const first = await readOpened(await call("POST", `/api/notes/${note.id}/open`, { json: note }));
  expect(first.status).toBe(200);
  return note;
}

/** An open's answer read whole: its meta must be the grant's and its body the note's. */
async function expectDelivered(response: Response, note: { body: Uint8Array; grant: string }) {
  const delivered = await readOpened(response);
  expect(delivered.status).toBe(200);
  expect(delivered.meta).toMatchObject<Partial<OpenMeta>>({ grant: note.grant, viewsLeft: 0 });
  expect(delivered.body).toEqual(note.body);
}

describe("POST /api/notes/:id/open under storage faults", () => {
  underFaults({
    setup: readable,
    request: openRequest,
    ok: [200],
    async after(note, faulted, plans) {
      if (faulted.status === 200) await expectDelivered(faulted, note);
      // A view is used up only by a consume that committed: then the note is burned, and its reader's grant holds it.
      else expect(await viewsLeft(note.id)).toBe(lostAfter(plans, "consume") ? "gone" : 1);
      await expectDelivered(await call("POST", `/api/notes/${note.id}/open`, { json: note }), note);
      // Nobody else gets a second view.
      const other = await call("POST", `/api/notes/${note.id}/open`, { json: { proof: note.proof } });
      expect(other.status).toBe(404);
      expect((await finishBody(note.id, note.grant)).status).toBe(204);
      expect(await noteBodyKeys(note.id)).toEqual([]);
    },
    secrets: (note) => note.secrets,
  });
});

describe("POST /api/notes/:id/open repeated with its grant, under storage faults", () => {
  underFaults({
    setup: opened,
    request: openRequest,
    ok: [200],
    async after(note, faulted) {
      if (faulted.status === 200) await expectDelivered(faulted, note);
      await expectDelivered(await call("POST", `/api/notes/${note.id}/open`, { json: note }), note);
    },
    secrets: (note) => note.secrets,
  });
});

describe("GET /api/notes/:id/body under storage faults", () => {
  underFaults({
    setup: opened,
    request: (note) =>
      request("GET", `/api/notes/${note.id}/body`, { headers: { ...bearer(note.grant), Range: "bytes=100-" } }),
    ok: [206],
    async after(note, faulted) {
      if (faulted.status === 206) expect(new Uint8Array(await faulted.arrayBuffer())).toEqual(note.body.subarray(100));
      const again = await readBody(note.id, note.grant, "bytes=100-");
      expect(again.status).toBe(206);
      expect(new Uint8Array(await again.arrayBuffer())).toEqual(note.body.subarray(100));
    },
    secrets: (note) => note.secrets,
  });
});

describe("DELETE /api/notes/:id/body under storage faults", () => {
  underFaults({
    setup: opened,
    request: (note) => request("DELETE", `/api/notes/${note.id}/body`, { headers: bearer(note.grant) }),
    ok: [204],
    async after(note, faulted, plans) {
      if (faulted.status === 503) {
        // A finish whose reply was lost ended the grant (and released the burned body): its retry hears 404.
        expect((await finishBody(note.id, note.grant)).status).toBe(lostAfter(plans, "finishDownload") ? 404 : 204);
      }
      expect((await readBody(note.id, note.grant)).status).toBe(404);
      expect(await noteBodyKeys(note.id)).toEqual([]);
    },
    secrets: (note) => note.secrets,
  });
});

describe("a body stream whose KV read fails after the answer has started", () => {
  it("ends the answer short, crashes nothing, and the reader resumes with its grant", async () => {
    // Two parts: a full first one and 100 bytes of records in the second.
    const note = await createNote({ bodyBytes: ciphertextLength(RECORDS_PER_PART * RECORD_SIZE + 100, 1) });
    const grant = toBase64Url(randomBytes(32));
    // openParts reads parts 0 and 1 to confirm them; the third get is part 1's again, as the reader reaches it.
    const plan = { binding: "NOTES" as const, method: "get", mode: "fail-before" as const, nth: 3 };
    const response = await callFaulty(plan, openRequest({ ...note, grant }));
    expect(response.status).toBe(200);
    const read = await drain(response.body!);
    expect(read.failed).toBe(true);
    expect(read.bytes).toBeLessThan(note.body.byteLength);
    expect(await viewsLeft(note.id)).toBe("gone");
    const resumed = await readBody(note.id, grant, `bytes=${read.bytes}-`);
    expect(resumed.status).toBe(206);
    const rest = new Uint8Array(await resumed.arrayBuffer());
    expect(await digest(rest)).toEqual(await digest(note.body.subarray(read.bytes)));
    expect((await finishBody(note.id, grant)).status).toBe(204);
  });
});
