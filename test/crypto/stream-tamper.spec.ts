import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CorruptEnvelopeError,
  type FormatVersion,
  openStream,
  type PayloadEvent,
  RollbackError,
  reseal,
  SEALED_RECORD_SIZE,
  seal,
  unlock,
  WrongKeyError,
} from "../../crypto/index";
import { filler, flipBit, TEST_FLOOR } from "./helpers";
import { chunked } from "./stream-helpers";

const PAYLOAD = { text: "x", tabs: [], files: [{ name: "f", type: "", bytes: filler(3 * 65_536 + 5_000, 1) }] };
const HEAD = { 1: 8, 2: 36 } as const;

/** A pad sealed at body version 3 and a second save of it under the same DEK, unlocked. */
async function sealedPad(version: FormatVersion) {
  const opts = {
    version,
    kind: "pad" as const,
    id: "tamper-pad",
    views: null,
    ttl: null,
    password: "pw",
    bodyVersion: 3,
  };
  const sealed = await seal(PAYLOAD, { ...opts, iterations: 1_000, ...TEST_FLOOR });
  const unlocked = await unlock(sealed.header, { password: "pw" }, TEST_FLOOR);
  const other = await reseal(unlocked, sealed.wrappedKey, PAYLOAD, { bodyVersion: 3 });
  return { sealed, unlocked, other };
}

/** Everything openStream yields for `body`, then the error it ended with (null after an end event). */
async function read(
  pad: Awaited<ReturnType<typeof sealedPad>>,
  body: AsyncIterable<Uint8Array> | Uint8Array,
  opts: { minBodyVersion?: number } = {},
) {
  const events: PayloadEvent[] = [];
  const source = body instanceof Uint8Array ? chunked(body, 10_000) : body;
  try {
    for await (const event of openStream(pad.unlocked, pad.sealed.wrappedKey, source, opts)) events.push(event);
    return { events, error: null };
  } catch (error) {
    return { events, error: error as Error };
  }
}

const released = (events: PayloadEvent[]) => Buffer.concat(events.flatMap((e) => (e.kind === "data" ? [e.bytes] : [])));
const cut = (body: Uint8Array, ...ranges: [number, number?][]) =>
  new Uint8Array(Buffer.concat(ranges.map(([a, b]) => body.subarray(a, b))));

describe.each([1, 2] as const)("openStream of a v%i body", (version) => {
  const recordAt = (i: number) => HEAD[version] + i * SEALED_RECORD_SIZE;

  it("refuses a body truncated anywhere, at record boundaries too, without an end event", async () => {
    const pad = await sealedPad(version);
    const body = pad.sealed.body;
    const ends = [0, 5, HEAD[version], recordAt(0) + 16, recordAt(1), recordAt(2), recordAt(3), recordAt(3) + 16];
    for (const end of [...ends, body.length - 1]) {
      const { events, error } = await read(pad, body.subarray(0, end));
      expect(error, `cut at ${end}`).toBeInstanceOf(CorruptEnvelopeError);
      expect(events.some((e) => e.kind === "end")).toBe(false);
    }
    expect((await read(pad, body)).error).toBeNull();
  });

  it("refuses a body extended by a byte, a tag or a whole record", async () => {
    const pad = await sealedPad(version);
    const body = pad.sealed.body;
    for (const tail of [body.subarray(0, 1), body.subarray(0, 16), body.subarray(recordAt(0), recordAt(1))]) {
      const { error } = await read(pad, new Uint8Array(Buffer.concat([body, tail])));
      expect(error).toBeInstanceOf(CorruptEnvelopeError);
    }
  });

  it("refuses reordered records and records spliced from another save under the same key", async () => {
    const pad = await sealedPad(version);
    const body = pad.sealed.body;
    const swapped = cut(body, [0, recordAt(0)], [recordAt(1), recordAt(2)], [recordAt(0), recordAt(1)], [recordAt(2)]);
    const foreign = pad.other.subarray(recordAt(1), recordAt(2));
    const spliced = new Uint8Array(Buffer.concat([body.subarray(0, recordAt(1)), foreign, body.subarray(recordAt(2))]));
    for (const bad of [swapped, spliced]) {
      const { events, error } = await read(pad, bad);
      expect(error).toBeInstanceOf(CorruptEnvelopeError);
      // Only record 0, which authenticated in place, was released before record 1 failed.
      expect(released(events).length).toBeLessThanOrEqual(65_536);
    }
  });

  it("releases only records that authenticated, in place, before failing on a flipped bit", async () => {
    const pad = await sealedPad(version);
    const body = pad.sealed.body;
    const plain = released((await read(pad, body)).events);
    await fc.assert(
      fc.asyncProperty(fc.nat(body.length * 8 - 1), async (bit) => {
        const { events, error } = await read(pad, flipBit(body, bit));
        expect(error).toBeInstanceOf(CorruptEnvelopeError);
        const record = Math.floor((Math.floor(bit / 8) - HEAD[version]) / SEALED_RECORD_SIZE);
        const out = released(events);
        expect(out.length).toBeLessThanOrEqual(Math.max(0, record) * 65_536);
        expect(out.equals(plain.subarray(0, out.length))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it("opens the wrapped key before reading any of the body: a wrong key is a WrongKeyError", async () => {
    const pad = await sealedPad(version);
    const stranger = await unlock(pad.sealed.header, { password: "not it" }, TEST_FLOOR);
    let pulled = 0;
    async function* body() {
      pulled++;
      yield pad.sealed.body;
    }
    const opening = openStream(stranger, pad.sealed.wrappedKey, body()).next();
    await expect(opening).rejects.toBeInstanceOf(WrongKeyError);
    expect(pulled).toBe(0);
  });

  it("refuses an older body from its head, before any record (RollbackError)", async () => {
    const pad = await sealedPad(version);
    let chunks = 0;
    async function* body() {
      for await (const chunk of chunked(pad.sealed.body, HEAD[version])) {
        chunks++;
        yield chunk;
      }
    }
    const { events, error } = await read(pad, body(), { minBodyVersion: 4 });
    expect(error).toBeInstanceOf(RollbackError);
    expect(events).toEqual([]);
    expect(chunks).toBe(1);
    expect((await read(pad, pad.sealed.body, { minBodyVersion: 3 })).error).toEqual(
      version === 1 ? expect.any(RollbackError) : null,
    );
  });
});
