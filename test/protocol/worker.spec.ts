/**
 * The protocol against the real Worker (wrangler.toml in workerd, local KV and Durable Objects): a two-part note sealed
 * as a stream, uploaded part by part, opened once, its download cut half-way and resumed through the grant, decrypted
 * byte-identical; and notepads through the same byte path. Run `npm run build` first (the Worker serves public/).
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  generateLinkKey,
  generateNoteId,
  open,
  openStream,
  partSizes,
  seal,
  sealStream,
  unlock,
} from "../../crypto/index";
import {
  ApiError,
  createNote,
  downloadBody,
  getReceipt,
  noteStatus,
  type OpenedNote,
  openNote,
  openPad,
  putPad,
  readNoteBody,
  uploadBody,
} from "../../protocol/index";
import { startServer, type TestServer } from "../browser/server";
import { chunked, pattern } from "./scripted";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
}, 120_000);
afterAll(() => server?.stop());

/** The opened body, cut after `limit` bytes as a dropped connection would cut it. */
function cutAfter(opened: OpenedNote, limit: number): OpenedNote {
  const reader = opened.body.getReader();
  let passed = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await reader.read();
      if (next.done) return controller.close();
      const room = limit - passed;
      controller.enqueue(next.value.subarray(0, room));
      passed += Math.min(room, next.value.length);
      if (passed < limit) return;
      await reader.cancel();
      controller.error(new TypeError("terminated"));
    },
  });
  return { meta: opened.meta, body };
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("a note through the real Worker", () => {
  it("uploads two parts, opens once, resumes a download cut half-way, and decrypts byte-identical", async () => {
    const file = pattern(30 * 1024 * 1024, 3);
    const id = generateNoteId();
    const linkKey = generateLinkKey();
    const sealed = await sealStream(
      {
        text: "the big one",
        tabs: [],
        files: [{ name: "big.bin", type: "", size: file.length, chunks: chunked(file, [1_000_003]) }],
      },
      { kind: "note", id, views: 1, ttl: 3600, linkKey },
    );
    const { header, wrappedKey, verifier } = sealed;
    const note = { id, header, wrappedKey, verifier, views: 1, ttl: 3600, size: sealed.size };
    const created = await createNote(server.origin, { ...note, linkVerifier: sealed.linkVerifier ?? undefined });
    expect(created.parts).toEqual(partSizes(sealed.size, 2));
    expect(created.parts).toHaveLength(2);
    expect(await getReceipt(server.origin, id, created.manageToken)).toMatchObject({
      state: "uploading",
      partsStored: 0,
      parts: 2,
    });
    await expect(noteStatus(server.origin, id)).rejects.toMatchObject({ status: 404 });

    const progress: number[] = [];
    await uploadBody(server.origin, id, created.manageToken, created.parts, sealed.body, {
      onProgress: (done) => progress.push(done),
    });
    expect(progress.at(-1)).toBe(sealed.size);
    expect(await noteStatus(server.origin, id)).toMatchObject({ size: sealed.size, viewsLeft: 1 });

    const unlocked = await unlock(header, { linkKey });
    const opened = await openNote(server.origin, id, {
      proof: unlocked.proof,
      linkProof: unlocked.linkProof ?? undefined,
    });
    expect(opened.meta).toMatchObject({ viewsLeft: 0, size: sealed.size });
    const half = Math.floor(sealed.size / 2) + 123;
    const hash = createHash("sha256");
    let text = "";
    for await (const event of openStream(
      unlocked,
      opened.meta.wrappedKey,
      downloadBody(server.origin, id, cutAfter(opened, half)),
    )) {
      if (event.kind === "manifest") text = event.text;
      if (event.kind === "data") hash.update(event.bytes);
    }
    expect(text).toBe("the big one");
    expect(hash.digest("hex")).toBe(sha256(file));
    // The one view was used, and the reader gave the grant back: nothing is left to read.
    await expect(noteStatus(server.origin, id)).rejects.toMatchObject({ status: 404 });
    const again = await readNoteBody(server.origin, id, opened.meta.grant, 0).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ApiError);
    expect([403, 404]).toContain((again as ApiError).status);
  });

  it("stops an upload with a wrong manage token at the first part, without retrying", async () => {
    const id = generateNoteId();
    const linkKey = generateLinkKey();
    const sealed = await sealStream(
      { text: "x", tabs: [], files: [] },
      { kind: "note", id, views: 1, ttl: 3600, linkKey },
    );
    const { header, wrappedKey, verifier } = sealed;
    const created = await createNote(server.origin, {
      id,
      header,
      wrappedKey,
      verifier,
      linkVerifier: sealed.linkVerifier ?? undefined,
      views: 1,
      ttl: 3600,
      size: sealed.size,
    });
    const error = await uploadBody(server.origin, id, "A".repeat(43), created.parts, sealed.body, {
      backoffMs: 10,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ApiError", status: 403 });
    expect(await getReceipt(server.origin, id, created.manageToken)).toMatchObject({
      state: "uploading",
      partsStored: 0,
    });
  });
});

describe("a notepad through the real Worker", () => {
  it("is created and saved with octet-stream bodies and opens with its metadata in Hushnote-Open", async () => {
    const slug = `protocol-${generateNoteId()
      .slice(0, 8)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "x")}`;
    const password = "correct horse battery staple";
    const sealed = await seal(
      { text: "first", tabs: [], files: [] },
      { kind: "pad", id: slug, views: null, ttl: null, linkKey: null, password, iterations: 600_000 },
    );
    const { header, wrappedKey, verifier } = sealed;
    const created = await putPad(server.origin, slug, { version: 0, header, wrappedKey, verifier }, sealed.body);
    expect(created.version).toBe(1);
    const unlocked = await unlock(header, { password });
    const opened = await openPad(server.origin, slug, { proof: unlocked.proof, device: created.device });
    expect(opened.meta).toMatchObject({ wrappedKey, version: 1, size: sealed.body.length });
    expect(opened.body).toEqual(sealed.body);
    const payload = await open({ header, wrappedKey: opened.meta.wrappedKey, body: opened.body }, { password });
    expect(payload.text).toBe("first");
  });
});
