/** Shared arbitraries and fixtures for the crypto specs. */
import fc from "fast-check";
import { toBase64Url } from "../../crypto/base64url";
import type { Payload, PayloadFile } from "../../crypto/index";
import { MAX_SLUG_LENGTH, SLUG_PATTERN } from "../../crypto/slug";

/**
 * PBKDF2 iterations for property tests: far below the real floor, so runs are fast. The module only accepts this via
 * the explicit test-only `minIterations` on both seal and read; kdf.spec.ts covers the real counts and the refusal.
 */
export const TEST_ITERATIONS = 1_000;
export const TEST_FLOOR = { minIterations: TEST_ITERATIONS } as const;

/** Cheap deterministic filler for large files (fast-check generating 200,000 bytes one by one is slow). */
export function filler(length: number, seed: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  let x = seed | 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export const text = (maxLength = 200) => fc.string({ unit: "binary", maxLength });

const smallBytes = fc.uint8Array({ maxLength: 300 });
// Up to ~3 records, sometimes exactly on a record boundary.
const largeBytes = fc
  .tuple(fc.oneof(fc.integer({ min: 60_000, max: 200_000 }), fc.constantFrom(65_536, 131_072)), fc.integer())
  .map(([n, seed]) => filler(n, seed));

const file: fc.Arbitrary<PayloadFile> = fc.record({
  name: text(40),
  type: fc.constantFrom("text/plain", "image/png", "application/octet-stream", ""),
  bytes: fc.oneof({ arbitrary: smallBytes, weight: 4 }, { arbitrary: largeBytes, weight: 1 }),
});

/** Payloads: empty, unicode text and tabs, small files, multi-record files. */
export const payload: fc.Arbitrary<Payload> = fc.oneof(
  { arbitrary: fc.constant<Payload>({ text: "", tabs: [], files: [] }), weight: 1 },
  {
    arbitrary: fc.record({
      text: text(2_000),
      tabs: fc.array(fc.record({ title: text(30), text: text() }), { maxLength: 4 }),
      files: fc.constant<PayloadFile[]>([]),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      text: text(),
      tabs: fc.array(fc.record({ title: text(30), text: text() }), { maxLength: 2 }),
      files: fc.array(file, { maxLength: 3 }),
    }),
    weight: 3,
  },
);

export const noteId = fc.uint8Array({ minLength: 16, maxLength: 16 }).map(toBase64Url);
export const padSlug = fc.stringMatching(SLUG_PATTERN).filter((slug) => slug.length <= MAX_SLUG_LENGTH);
export const linkKey = fc.uint8Array({ minLength: 32, maxLength: 32 });
export const password = fc.string({ unit: "binary", minLength: 1, maxLength: 40 });
export const count = fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: null });

/** Copies `bytes` with bit `bit` flipped. */
export function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = new Uint8Array(bytes);
  out[bit >> 3]! ^= 1 << (bit & 7);
  return out;
}

/** A random source replaying fixed draws, as the vectors record them. */
export function replay(draws: Uint8Array[]): (n: number) => Uint8Array {
  let i = 0;
  return (n) => {
    const next = draws[i++];
    if (next?.length !== n) throw new Error(`draw ${i - 1}: wanted ${n} bytes`);
    return next;
  };
}
