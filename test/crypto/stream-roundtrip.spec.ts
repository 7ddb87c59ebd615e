import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decrypt,
  encodePayload,
  type FormatVersion,
  openStream,
  type Payload,
  RECORDS_PER_PART,
  seal,
  sealStream,
  unlock,
} from "../../crypto/index";
import { manifestOf, manifestPrefix } from "../../crypto/payload";
import { filler, payload, TEST_FLOOR } from "./helpers";
import { chunked, collect, gather, seeded, streamed } from "./stream-helpers";

const RECORD = 65_536;
const ID = "rnWVeCvFOLK21nhnJ3p-Zw";
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
const chunking = fc.oneof(
  fc.integer({ min: 1, max: 200_000 }),
  fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 5 }),
);

/** A one-file payload whose plaintext (manifest prefix included) is exactly `length` bytes. */
function payloadOfLength(length: number, seed: number): Payload {
  // Where the size gains a digit no size fits with one name; a name one letter longer does.
  for (const name of ["f", "ff"]) {
    const prefix = (size: number) => manifestPrefix(manifestOf({ text: "", tabs: [] }, [{ name, type: "", size }]));
    let size = length;
    for (let i = 0; i < 3; i++) size = Math.max(0, length - (prefix(size)?.length ?? 0));
    const p = { text: "", tabs: [], files: [{ name, type: "", bytes: filler(size, seed) }] };
    if (encodePayload(p).length === length) return p;
  }
  throw new Error(`no one-file payload of exactly ${length} bytes`);
}

/** Seals `p` both ways from the same random draws and opens each body the other way, chunked as given. */
async function bothWays(
  p: Payload,
  version: FormatVersion,
  seed: number,
  sealChunks: number | number[],
  openChunks: number | number[],
) {
  const opts = { version, kind: "note" as const, id: ID, views: null, ttl: null, ...TEST_FLOOR };
  const whole = await seal(p, { ...opts, random: seeded(seed) });
  const stream = await sealStream(streamed(p, sealChunks), { ...opts, random: seeded(seed) });
  const body = await collect(stream.body);
  expect(sameBytes(body, whole.body)).toBe(true);
  expect(stream.size).toBe(body.length);
  expect({ ...stream, body: null, size: null }).toEqual({ ...whole, body: null, size: null });
  const unlocked = await unlock(whole.header, { linkKey: whole.linkKey }, TEST_FLOOR);
  const opened = await gather(openStream(unlocked, whole.wrappedKey, chunked(whole.body, openChunks)));
  expect(sameBytes(encodePayload(opened.payload), encodePayload(p))).toBe(true);
  expect(opened.bodyVersion).toBe(version === 1 ? null : 0);
  expect(sameBytes(encodePayload(await decrypt(unlocked, stream.wrappedKey, body)), encodePayload(p))).toBe(true);
}

describe("sealStream and openStream against seal and decrypt", () => {
  it("agree byte for byte on any payload, however the files and the body are chunked", async () => {
    await fc.assert(
      fc.asyncProperty(payload, fc.constantFrom(1, 2), fc.nat(), chunking, chunking, async (p, v, seed, a, b) =>
        bothWays(p, v as FormatVersion, seed, a, b),
      ),
      { numRuns: 40 },
    );
  });

  it("agree on the shortest one-file plaintexts and around every record boundary up to three records", async () => {
    const lengths = fc.oneof(
      fc.integer({ min: 67, max: 80 }),
      fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: -2, max: 2 })).map(([k, d]) => k * RECORD + d),
    );
    await fc.assert(
      fc.asyncProperty(lengths, fc.constantFrom(1, 2), fc.nat(), chunking, chunking, async (n, v, seed, a, b) =>
        bothWays(payloadOfLength(n, seed), v as FormatVersion, seed, a, b),
      ),
      { numRuns: 40 },
    );
  });

  it.each([RECORDS_PER_PART * RECORD - 1, RECORDS_PER_PART * RECORD, RECORDS_PER_PART * RECORD + 1])(
    "agree on a %i-byte plaintext, at the first part boundary",
    async (n) => bothWays(payloadOfLength(n, n), 2, n, 65_536, 1_000_003),
  );

  it("agree with several files, empty ones among them, and a notepad's body version", async () => {
    const p = {
      text: "t",
      tabs: [{ title: "a", text: "b" }],
      files: [0, 70_000, 0, 1, RECORD].map((n, i) => ({ name: `f${i}`, type: "x/y", bytes: filler(n, i) })),
    };
    await bothWays(p, 1, 5, [1, 4096, 65_536], 65_552);
    const opts = {
      kind: "pad" as const,
      id: "my-pad",
      views: null,
      ttl: null,
      password: "pw",
      bodyVersion: 7,
      ...TEST_FLOOR,
    };
    const whole = await seal(p, { ...opts, iterations: 1_000, random: seeded(9) });
    const stream = await sealStream(streamed(p), { ...opts, iterations: 1_000, random: seeded(9) });
    expect(sameBytes(await collect(stream.body), whole.body)).toBe(true);
    const unlocked = await unlock(whole.header, { password: "pw" }, TEST_FLOOR);
    const opened = await gather(openStream(unlocked, whole.wrappedKey, chunked(whole.body), { minBodyVersion: 7 }));
    expect(opened.bodyVersion).toBe(7);
  });
});
