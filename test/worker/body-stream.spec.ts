/** The byte path's primitives in workerd with real KV: exact-length uploads, the sample guard, parts and ranges. */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { openParts, type PartRef, parseRange, partsBody } from "../../worker/body-stream";
import { putFromRequest, uploadLength } from "../../worker/body-upload";
import { StatusError } from "../../worker/errors";
import { randomBytes, sha256, spyKv } from "./helpers";

const upload = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request("https://hushnote.test/upload", {
    method: "PUT",
    headers: { "Content-Type": "application/octet-stream", ...headers },
    body,
  });

/** A request whose body stream delivers `bytes` in `chunk`-sized pieces, however long it claims to be. */
function chunked(bytes: Uint8Array, chunk = 4096) {
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + chunk));
      at += chunk;
    },
  });
  return upload(stream);
}

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (thrown) {
    if (thrown instanceof StatusError) return thrown.status;
    throw thrown;
  }
}

const key = () => `test/${crypto.randomUUID()}`;

describe("uploads", () => {
  it("checks type, length header and limit before reading", () => {
    const at = (r: Request) => status(Promise.resolve().then(() => uploadLength(r, 1000)));
    return Promise.all([
      expect(at(new Request("https://h.test", { method: "PUT", body: "x" }))).resolves.toBe(415),
      expect(at(upload(null))).resolves.toBe(411),
      expect(at(upload(null, { "Content-Length": "12e3" }))).resolves.toBe(400),
      expect(at(upload(null, { "Content-Length": "1001" }))).resolves.toBe(413),
      expect(Promise.resolve(uploadLength(upload(null, { "Content-Length": "1000" }), 1000))).resolves.toBe(1000),
    ]);
  });

  it("stores exactly the announced bytes, sampled or not", async () => {
    for (const sample of [true, false]) {
      const bytes = randomBytes(200_000);
      const k = key();
      await putFromRequest(env.NOTES, k, chunked(bytes, 7000), bytes.length, 60, sample);
      const stored = new Uint8Array((await env.NOTES.get(k, "arrayBuffer"))!);
      expect(await sha256(stored)).toEqual(await sha256(bytes));
    }
  });

  it("refuses a body shorter or longer than announced (400: its key is never named)", async () => {
    const bytes = randomBytes(100_000);
    for (const [size, sample] of [
      [bytes.length + 1, true],
      [bytes.length - 1, true],
      [bytes.length + 1, false],
      [bytes.length - 1, false],
    ] as const) {
      const k = key();
      expect([
        size - bytes.length,
        sample,
        await status(putFromRequest(env.NOTES, k, chunked(bytes), size, 60, sample)),
      ]).toEqual([size - bytes.length, sample, 400]);
    }
  });

  it("refuses an upload whose client goes away half-way (400: its key is never named)", async () => {
    const bytes = randomBytes(100_000);
    for (const sample of [true, false]) {
      let at = 0;
      const broken = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (at >= 60_000) return controller.error(new Error("connection reset"));
          controller.enqueue(bytes.slice(at, at + 4096));
          at += 4096;
        },
      });
      const k = key();
      // The local runtime's KV may still land a failed stream's bytes after the put rejects, so absence is not
      // asserted: what matters is the 400, after which no object names the key (KV's expirationTtl removes it).
      expect(await status(putFromRequest(env.NOTES, k, upload(broken), bytes.length, 60, sample))).toBe(400);
    }
  });

  it("answers 503 without hanging when KV refuses the put before reading the body", async () => {
    const { kv } = spyKv("put");
    const bytes = randomBytes(300_000);
    for (const sample of [true, false]) {
      expect(await status(putFromRequest(kv, key(), chunked(bytes), bytes.length, 60, sample))).toBe(503);
    }
  });

  it("refuses a body that compresses like plaintext before writing anything", async () => {
    const k = key();
    const text = new TextEncoder().encode("my password is hunter2\n".repeat(5000));
    expect(await status(putFromRequest(env.NOTES, k, chunked(text), text.length, 60, true))).toBe(400);
    expect(await env.NOTES.get(k)).toBeNull();
  });
});

describe("ranges", () => {
  it("parses single ranges and refuses the rest with 416", async () => {
    expect(parseRange(null, 100)).toBeNull();
    expect(parseRange("bytes=10-", null)).toBeNull();
    expect(parseRange("bytes=10-", 100)).toEqual({ start: 10, end: 99 });
    expect(parseRange("bytes=10-20", 100)).toEqual({ start: 10, end: 20 });
    expect(parseRange("bytes=10-500", 100)).toEqual({ start: 10, end: 99 });
    expect(parseRange("bytes=-30", 100)).toEqual({ start: 70, end: 99 });
    for (const bad of ["bytes=100-", "bytes=20-10", "bytes=0-1,5-6", "items=0-", "bytes=-", "bytes=-0"]) {
      expect(await status(Promise.resolve().then(() => parseRange(bad, 100)))).toBe(416);
    }
  });
});

describe("reading parts", () => {
  async function storedParts(sizes: number[]) {
    const parts: PartRef[] = [];
    const all = randomBytes(sizes.reduce((a, b) => a + b, 0));
    let at = 0;
    for (const size of sizes) {
      const k = key();
      await env.NOTES.put(k, all.slice(at, at + size));
      parts.push({ key: k, size });
      at += size;
    }
    return { parts, all };
  }
  const read = (stream: ReadableStream<Uint8Array>) =>
    new Response(stream).arrayBuffer().then((b) => new Uint8Array(b));

  it("concatenates parts, whole or any range across their boundaries", async () => {
    const { parts, all } = await storedParts([70_000, 70_000, 1234]);
    const opened = await openParts(env.NOTES, parts);
    expect(opened).toHaveLength(1);
    expect(await read(partsBody(env.NOTES, parts, null, opened!))).toEqual(all);
    for (const [start, end] of [
      [0, 0],
      [69_999, 70_000],
      [1, 141_233],
      [140_000, 141_233],
      [70_000, 139_999],
      [5, 6],
    ] as const) {
      expect(await read(partsBody(env.NOTES, parts, { start, end }))).toEqual(all.slice(start, end + 1));
    }
  });

  it("reports a missing part before anything is consumed, and aborts a body whose part vanished", async () => {
    const { parts } = await storedParts([1000, 1000]);
    await env.NOTES.delete(parts[1]!.key);
    expect(await openParts(env.NOTES, parts)).toBeNull();
    await expect(read(partsBody(env.NOTES, parts, null))).rejects.toThrow();
  });
});
