import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { ciphertextLength } from "../../crypto/parts";
import { bearer, bytesOf, grantFor, grantsOf, sql, whole } from "./grant-setup";
import { call, createNote, createUploading, inspectNote, noteBodyKeys, randomBytes } from "./helpers";
import { finishBody, openRaw, putPart, readBody } from "./note-transfer";

describe("a download grant in the wrong hands", () => {
  it("opens nothing on another note, not even one with the same creator or a grant of its own", async () => {
    const mine = await createNote({ views: 2 });
    const theirs = await createNote({ views: 2 });
    const grant = await grantFor(mine);
    await grantFor(theirs);
    expect((await readBody(theirs.id, grant)).status).toBe(403);
    expect((await readBody(theirs.id, grant, "bytes=0-0")).status).toBe(403);
    expect((await finishBody(theirs.id, grant)).status).toBe(403);
    expect(await grantsOf(theirs.id)).toBe(1);
    expect(await bytesOf(await readBody(mine.id, grant))).toEqual(mine.body);
  });

  it("ends when its window ends: the body answers 404 and finishing it answers 404, as the API says", async () => {
    const note = await createNote({ views: 3 });
    const grant = await grantFor(note);
    await sql(note.id, `UPDATE grant SET until = ${Date.now() - 1}`);
    expect((await readBody(note.id, grant)).status).toBe(404);
    expect((await readBody(note.id, grant, "bytes=0-")).status).toBe(404);
    expect((await finishBody(note.id, grant)).status).toBe(404);
    // The note itself is untouched: the next reader opens it.
    expect(await bytesOf(await openRaw(note.id, note.proof))).toEqual(note.body);
  });

  it("an ended grant cannot cut short a burned note's hold for another reader's open grant", async () => {
    const note = await createNote({ views: 2 });
    const early = await grantFor(note);
    const last = await grantFor(note);
    await sql(note.id, `UPDATE grant SET until = ${Date.now() - 1} WHERE until = (SELECT min(until) FROM grant)`);
    expect((await finishBody(note.id, early)).status).toBe(404);
    expect(await bytesOf(await readBody(note.id, last))).toEqual(note.body);
    expect(await noteBodyKeys(note.id)).toHaveLength(1);
  });

  it("is dead after a revoke, an expiry and its own finish", async () => {
    const revoked = await createNote({ views: 3 });
    const g1 = await grantFor(revoked);
    await call("DELETE", `/api/notes/${revoked.id}`, { headers: bearer(revoked.manageToken) });
    const expired = await createNote({ views: 3 });
    const g2 = await grantFor(expired);
    await sql(expired.id, "UPDATE secret SET expires_at = 1");
    const finished = await createNote({ views: 3 });
    const g3 = await grantFor(finished);
    expect((await finishBody(finished.id, g3)).status).toBe(204);
    for (const [id, grant, status] of [
      [revoked.id, g1, 404],
      [expired.id, g2, 404],
      [finished.id, g3, 403],
    ] as const) {
      expect((await readBody(id, grant)).status).toBe(status);
      expect((await readBody(id, grant, "bytes=0-0")).status).toBe(status);
    }
    expect(await noteBodyKeys(revoked.id)).toEqual([]);
    expect(await noteBodyKeys(expired.id)).toEqual([]);
  });

  it("reads a one-time note's body again but never opens it again: a second open is 404 and issues nothing", async () => {
    const note = await createNote();
    const grant = await grantFor(note);
    for (let i = 0; i < 3; i++) expect(await bytesOf(await readBody(note.id, grant))).toEqual(note.body);
    const again = await openRaw(note.id, note.proof);
    expect(again.status).toBe(404);
    expect(again.headers.get("Hushnote-Open")).toBeNull();
    expect(await grantsOf(note.id)).toBe(1);
    expect((await inspectNote(note.id)).events.filter((e) => e.type === "opened")).toHaveLength(1);
  });
});

describe("Range from a hostile or broken client", () => {
  it("refuses malformed, multiple, negative and out-of-body ranges with 416 and serves nothing else", async () => {
    const note = await createNote({ views: 2, bodyBytes: 5000 });
    const grant = await grantFor(note);
    const refused = [
      "bytes=-5-10",
      "bytes=5-3",
      "bytes=5000-",
      "bytes=-0",
      "bytes=-",
      "bytes = 0-1",
      "bytes=0 -1",
      "bytes=1e3-",
      "bytes=0x10-",
      "bytes=0-1,2-3",
      `bytes=${Array.from({ length: 1000 }, () => "0-0").join(",")}`,
      `bytes=${"9".repeat(16)}-`,
      "bytes=0-99999999999999999999",
      "Bytes=0-1",
      "",
    ];
    for (const range of refused) expect((await readBody(note.id, grant, range || " ")).status, range).toBe(416);
    // Ends past the body are cut to it; a suffix longer than the body is the whole body.
    const clamped = await readBody(note.id, grant, "bytes=4990-999999999999999");
    expect(clamped.headers.get("Content-Range")).toBe("bytes 4990-4999/5000");
    expect(await bytesOf(clamped)).toEqual(note.body.subarray(4990));
    const suffix = await readBody(note.id, grant, `bytes=-${"9".repeat(15)}`);
    expect(suffix.status).toBe(206);
    expect(await bytesOf(suffix)).toEqual(note.body);
    expect((await inspectNote(note.id)).row).toMatchObject({ views_left: 1 });
  });

  it("answers one byte at a time as often as asked, consuming nothing", async () => {
    const note = await createNote({ views: 2, bodyBytes: 300 });
    const grant = await grantFor(note);
    const got = new Uint8Array(300);
    for (let i = 0; i < 300; i++) {
      const response = await readBody(note.id, grant, `bytes=${i}-${i}`);
      expect(response.status).toBe(206);
      got.set(await bytesOf(response), i);
    }
    expect(got).toEqual(note.body);
    expect((await inspectNote(note.id)).row).toMatchObject({ views_left: 1 });
    expect(await grantsOf(note.id)).toBe(1);
  });

  it("is ignored by the open, which always answers the whole body", async () => {
    const note = await createNote({ bodyBytes: 4000 });
    const response = await call("POST", `/api/notes/${note.id}/open`, {
      json: { proof: note.proof },
      headers: { Range: "bytes=0-9" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Length")).toBe("4000");
    expect(await bytesOf(response)).toEqual(note.body);
  });
});

describe("a note still uploading, probed by someone with its id", () => {
  it("answers every reader route exactly as for an id that never existed", async () => {
    const twoParts = { bodyBytes: ciphertextLength(384 * 65_536 + 100, 1), ttl: 86400 };
    const note = await createUploading(twoParts);
    // One part stored of two: the object holds bytes, the readers must not be able to tell.
    expect((await putPart(note.id, 1, note.body.subarray(note.parts[0]), note.manageToken)).status).toBe(200);
    const unknown = toBase64Url(randomBytes(16));
    const grant = toBase64Url(randomBytes(32));
    const probes: [string, string, { json?: unknown; headers?: Record<string, string> }][] = [
      ["GET", "", {}],
      ["POST", "/open", { json: { proof: note.proof } }],
      ["POST", "/open", { json: { proof: toBase64Url(randomBytes(32)) } }],
      ["DELETE", "", { json: { proof: note.proof } }],
      ["GET", "/body", { headers: bearer(grant) }],
      ["GET", "/body", { headers: { ...bearer(grant), Range: "bytes=0-" } }],
      ["DELETE", "/body", { headers: bearer(grant) }],
    ];
    for (const [method, path, init] of probes) {
      const uploading = await whole(await call(method, `/api/notes/${note.id}${path}`, init));
      const never = await whole(await call(method, `/api/notes/${unknown}${path}`, init));
      expect(uploading.status, `${method} ${path}`).toBe(404);
      expect(uploading, `${method} ${path}`).toEqual(never);
    }
    expect((await inspectNote(note.id)).row).toMatchObject({ failed_proofs: 0, views_left: 1 });
  });
});
