// Issue 12: a note larger than one KV value (25 MiB) is stored in parts uploaded in parallel, and read back as one
// stream, byte for byte. The body repeats one random 64 KiB block, so it is quick to build and still looks encrypted.
import { describe, expect, it } from "vitest";
import { ciphertextLength, MAX_PART_SIZE } from "../../crypto/parts";
import { createUploading, noteBodyKeys } from "./helpers";
import { finishBody, openRaw, putPart, readBody } from "./note-transfer";

/** A body of `size` bytes made of one random 64 KiB block repeated. */
function repeatedBody(size: number): Uint8Array {
  const block = crypto.getRandomValues(new Uint8Array(65_536));
  const body = new Uint8Array(size);
  for (let at = 0; at < size; at += block.length) body.set(block.subarray(0, size - at), at);
  return body;
}

/** SHA-256 of a stream, digested natively as it flows (never buffered whole), and how many bytes it held. */
async function digestOf(stream: ReadableStream<Uint8Array>): Promise<{ hash: Uint8Array; bytes: number }> {
  let bytes = 0;
  const digest = new crypto.DigestStream("SHA-256");
  const counted = stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
    }),
  );
  await counted.pipeTo(digest);
  return { hash: new Uint8Array(await digest.digest), bytes };
}

describe("a note of three parts (about 48 MiB)", () => {
  it("uploads its parts in parallel, out of order, and streams back byte-identical, ranges across part boundaries too", async () => {
    const size = ciphertextLength(2 * 384 * 65_536 + 300_000, 2);
    const note = await createUploading({ version: 2, views: 1, body: repeatedBody(size) });
    expect(note.parts).toHaveLength(3);
    expect(note.parts[0]).toBe(MAX_PART_SIZE);
    const offsets = note.parts.map((_, n) => note.parts.slice(0, n).reduce((a, b) => a + b, 0));
    const slice = (n: number) => note.body.subarray(offsets[n], offsets[n]! + note.parts[n]!);
    const answers = await Promise.all([2, 0, 1].map((n) => putPart(note.id, n, slice(n), note.manageToken)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    const progress = (await Promise.all(answers.map((r) => r.json()))) as { complete: boolean }[];
    expect(progress.filter((p) => p.complete)).toHaveLength(1);
    expect(await noteBodyKeys(note.id)).toHaveLength(3);

    const response = await openRaw(note.id, note.proof, note.linkProof);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Length")).toBe(String(size));
    const { grant } = JSON.parse(response.headers.get("Hushnote-Open")!) as { grant: string };
    const streamed = await digestOf(response.body!);
    expect(streamed.bytes).toBe(size);
    expect(streamed.hash).toEqual(new Uint8Array(await crypto.subtle.digest("SHA-256", note.body)));

    const boundary = offsets[1]!;
    const across = await readBody(note.id, grant, `bytes=${boundary - 1000}-${boundary + 999}`);
    expect(across.status).toBe(206);
    expect(new Uint8Array(await across.arrayBuffer())).toEqual(note.body.subarray(boundary - 1000, boundary + 1000));
    const tail = await readBody(note.id, grant, `bytes=${offsets[2]! - 5}-`);
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(note.body.subarray(offsets[2]! - 5));
    expect((await finishBody(note.id, grant)).status).toBe(204);
    expect(await noteBodyKeys(note.id)).toEqual([]);
  });
});
