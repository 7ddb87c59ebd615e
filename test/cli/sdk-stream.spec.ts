/**
 * The SDK's streaming calls against the real Worker (through a proxy that logs requests): sendStream reads files as
 * it uploads them, readStream hands out the payload as it authenticates; both report progress and stop on a signal.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PayloadEvent, readStream, sendStream } from "../../cli/src/sdk";
import { startServer, type TestServer } from "../browser/server";
import { type CutProxy, cutProxy } from "./cut-proxy";

let server: TestServer;
let proxy: CutProxy;
beforeAll(async () => {
  server = await startServer();
  proxy = await cutProxy(server.origin);
}, 60_000);
afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
});

const MIB = 1024 * 1024;

/** `bytes` in uneven chunks, the way a disk or a socket hands them out. */
async function* chunked(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let at = 0, size = 1000; at < bytes.length; at += size, size = (size * 7) % 300_000 || 1) {
    yield bytes.subarray(at, at + size);
  }
}

describe("sendStream → readStream", () => {
  it("round-trips files given as streams, with progress both ways, events in order", async () => {
    const big = randomBytes(3 * MIB + 12_345);
    const uploads: [number, number][] = [];
    const sent = await sendStream({
      server: proxy.origin,
      text: "two files",
      files: [
        { name: "big.bin", size: big.length, chunks: chunked(big) },
        { name: "small.txt", type: "text/plain", size: 2, chunks: chunked(Buffer.from("hi")) },
      ],
      views: 2,
      onUpload: (done, total) => uploads.push([done, total]),
    });
    expect(uploads.at(-1)![0]).toBe(uploads.at(-1)![1]);
    expect(uploads.every(([done], i) => i === 0 || done >= uploads[i - 1]![0])).toBe(true);

    const downloads: number[] = [];
    const note = await readStream({ link: sent.link, onDownload: (done) => downloads.push(done) });
    expect(note.viewsLeft).toBe(1);
    expect(note.size).toBe(uploads.at(-1)![1]);
    const events: PayloadEvent[] = [];
    const files: Buffer[][] = [[], []];
    for await (const event of note.events) {
      events.push(event);
      if (event.kind === "data") files[event.file]!.push(Buffer.from(event.bytes));
    }
    expect(events[0]).toEqual({
      kind: "manifest",
      text: "two files",
      tabs: [],
      files: [
        { name: "big.bin", type: "application/octet-stream", size: big.length },
        { name: "small.txt", type: "text/plain", size: 2 },
      ],
    });
    expect(events.at(-1)).toEqual({ kind: "end", bodyVersion: 0 });
    expect(Buffer.concat(files[0]!).equals(big)).toBe(true);
    expect(Buffer.concat(files[1]!).toString()).toBe("hi");
    expect(downloads.at(-1)).toBe(note.size);
  });

  it("stops an upload on its signal, rejecting with the reason, and cancels the note on the server", async () => {
    const controller = new AbortController();
    const reason = new Error("changed my mind");
    const from = proxy.seen.length;
    const sending = sendStream({
      server: proxy.origin,
      files: [{ name: "big.bin", size: 60 * MIB, chunks: chunked(new Uint8Array(60 * MIB)) }],
      onUpload: (done) => done > 0 && controller.abort(reason),
      signal: controller.signal,
    });
    await expect(sending).rejects.toBe(reason);
    const seen = proxy.seen.slice(from);
    expect(seen.slice(0, 2)).toEqual(["GET /api/config", "POST /api/notes"]);
    expect(seen.at(-1)).toMatch(/^DELETE \/api\/notes\/[\w-]{22}$/);
    expect(seen.some((s) => s.endsWith("/parts/1"))).toBe(false);
  });

  it("stops a download on its signal while the events are read", async () => {
    const sent = await sendStream({
      server: proxy.origin,
      files: [{ name: "big.bin", size: 8 * MIB, chunks: chunked(randomBytes(8 * MIB)) }],
    });
    const controller = new AbortController();
    const reason = new Error("enough");
    const note = await readStream({
      link: sent.link,
      onDownload: (done) => done > MIB && controller.abort(reason),
      signal: controller.signal,
    });
    const reading = (async () => {
      for await (const _ of note.events);
    })();
    await expect(reading).rejects.toBe(reason);
  });
});
