/** Stream plumbing for the streaming specs: chunked sources, collected bodies, payloads rebuilt from events. */
import type { Payload, PayloadEvent, Random, StreamPayload } from "../../crypto/index";
import { filler } from "./helpers";

/** Yields `bytes` in chunks: a fixed size, or sizes taken in turn from a list (views, as a stream would hand them). */
export async function* chunked(bytes: Uint8Array, sizes: number | number[] = 65_536): AsyncGenerator<Uint8Array> {
  const list = Array.isArray(sizes) ? sizes : [sizes];
  let offset = 0;
  for (let i = 0; offset < bytes.length; i++) {
    const size = Math.max(1, list[i % list.length] as number);
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}

/** Concatenates a stream. */
export async function collect(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return new Uint8Array(Buffer.concat(parts));
}

/** The same payload with its files as streams of `sizes` chunks. */
export const streamed = (p: Payload, sizes: number | number[] = 65_536): StreamPayload => ({
  text: p.text,
  tabs: p.tabs,
  files: p.files.map((f) => ({ name: f.name, type: f.type, size: f.bytes.length, chunks: chunked(f.bytes, sizes) })),
});

/** Rebuilds a payload from openStream's events, checking they come in the promised order. */
export async function gather(events: AsyncIterable<PayloadEvent>): Promise<{ payload: Payload; bodyVersion: unknown }> {
  let payload: Payload | null = null;
  const files: Uint8Array[][] = [];
  let lastFile = 0;
  for await (const event of events) {
    if (event.kind === "manifest") {
      if (payload) throw new Error("two manifests");
      payload = { text: event.text, tabs: event.tabs, files: [] };
      for (const f of event.files)
        files.push([]) && payload.files.push({ name: f.name, type: f.type, bytes: new Uint8Array(f.size) });
    } else if (event.kind === "data") {
      if (!payload || event.file < lastFile || event.bytes.length === 0) throw new Error("data out of order");
      lastFile = event.file;
      files[event.file]?.push(event.bytes.slice());
    } else {
      if (!payload) throw new Error("end before a manifest");
      payload.files = payload.files.map((f, i) => ({ ...f, bytes: new Uint8Array(Buffer.concat(files[i] ?? [])) }));
      return { payload, bodyVersion: event.bodyVersion };
    }
  }
  throw new Error("the event stream ended without an end event");
}

/** A deterministic random source: the same seed draws the same bytes, so seal and sealStream can be compared. */
export function seeded(seed: number): Random {
  let draws = 0;
  return (n) => filler(n, seed * 7919 + ++draws);
}
