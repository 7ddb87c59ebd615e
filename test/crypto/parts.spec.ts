import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { importDek } from "../../crypto/body";
import { decodeHeader } from "../../crypto/header";
import {
  bodyLengthProblem,
  ciphertextLength,
  headSize,
  MAX_PART_SIZE,
  partSizes,
  RECORDS_PER_PART,
  SEALED_RECORD_SIZE,
  seal,
} from "../../crypto/index";
import { decryptRecords } from "../../crypto/records";
import { decryptBodyV2 } from "../../crypto/records-v2";
import { fast } from "./fixtures";
import { filler } from "./helpers";

const ID = "rnWVeCvFOLK21nhnJ3p-Zw";
const KV_VALUE_LIMIT = 25 * 1024 * 1024;
const RECORD = 65_536;
const PART_RECORDS = RECORDS_PER_PART * SEALED_RECORD_SIZE;
const version = fc.constantFrom(1 as const, 2 as const);
// Payload lengths near record and part boundaries, and anywhere up to 2 GiB.
const payloadLength = fc.oneof(
  fc.integer({ min: 0, max: 3 * RECORD }),
  fc
    .tuple(fc.integer({ min: 0, max: 5 * RECORDS_PER_PART }), fc.integer({ min: -2, max: 2 }))
    .map(([k, d]) => Math.max(0, k * RECORD + d)),
  fc.integer({ min: 0, max: 2 ** 31 }),
);

describe("partSizes", () => {
  it("cuts a body into parts that add up to it, none over 25 MiB, all but the last full, on record boundaries", () => {
    fc.assert(
      fc.property(payloadLength, version, (n, v) => {
        const length = ciphertextLength(n, v);
        const sizes = partSizes(length, v);
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(length);
        expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_PART_SIZE);
        for (const [i, size] of sizes.slice(0, -1).entries()) expect(size).toBe(PART_RECORDS + (i ? 0 : headSize(v)));
        let offset = -headSize(v);
        for (const size of sizes) {
          offset += size;
          // Every part ends after a whole sealed record (or at the end of the body).
          if (offset !== length - headSize(v)) expect(offset % SEALED_RECORD_SIZE).toBe(0);
        }
        expect(sizes.at(-1)).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it("keeps the largest part under KV's 25 MiB value limit and fills parts exactly at 384 records", () => {
    expect(MAX_PART_SIZE).toBe(25_172_004);
    expect(MAX_PART_SIZE).toBeLessThan(KV_VALUE_LIMIT);
    expect(partSizes(ciphertextLength(384 * RECORD, 2), 2)).toEqual([MAX_PART_SIZE]);
    expect(partSizes(ciphertextLength(384 * RECORD + 1, 2), 2)).toEqual([MAX_PART_SIZE, 17]);
    expect(partSizes(ciphertextLength(384 * RECORD - 1, 1), 1)).toEqual([8 + 384 * RECORD - 1 + 384 * 16]);
    expect(partSizes(ciphertextLength(0, 1), 1)).toEqual([24]);
    // docs/FORMAT.md §5.4's example.
    expect(ciphertextLength(100 * 2 ** 20 + 100, 2)).toBe(104_883_352);
    expect(partSizes(104_883_352, 2)).toEqual([25_172_004, 25_171_968, 25_171_968, 25_171_968, 4_195_444]);
    expect(partSizes(ciphertextLength(RECORDS_PER_PART * RECORD, 1), 1)).toEqual([25_171_976]);
  });

  it("refuses a length no writer produces", () => {
    expect(() => partSizes(35, 2)).toThrow(/too short/);
    expect(() => partSizes(8 + SEALED_RECORD_SIZE + 16, 1)).toThrow(/impossible length/);
  });
});

describe("ciphertextLength", () => {
  it("is the length of the body seal() writes", async () => {
    for (const v of [1, 2] as const) {
      for (const n of [0, 1, RECORD - 40, RECORD - 39, RECORD - 38, 3 * RECORD]) {
        const files = [{ name: "f", type: "", bytes: filler(n, n) }];
        const sealed = await seal(
          { text: "", tabs: [], files },
          { version: v, kind: "note", id: ID, views: null, ttl: null, ...fast },
        );
        const payloadLength =
          4 + '{"text":"","tabs":[],"files":[{"name":"f","type":"","size":}]}'.length + String(n).length + n;
        expect(sealed.body.length).toBe(ciphertextLength(payloadLength, v));
      }
    }
  });

  it("refuses negative and fractional lengths", () => {
    expect(() => ciphertextLength(-1, 2)).toThrow();
    expect(() => ciphertextLength(1.5, 2)).toThrow();
  });
});

describe("bodyLengthProblem", () => {
  const dek = async (v: 1 | 2) => {
    const header = decodeHeader(
      (
        await seal(
          { text: "", tabs: [], files: [] },
          { version: v, kind: "note", id: ID, views: null, ttl: null, ...fast },
        )
      ).header,
    );
    return { header, key: await importDek(new Uint8Array(32), header) };
  };

  it("names exactly the lengths the record engine refuses before trying a record", async () => {
    const keys = { 1: await dek(1), 2: await dek(2) };
    const lengths = fc.oneof(
      fc.integer({ min: 0, max: 3 * SEALED_RECORD_SIZE + 60 }),
      fc
        .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: -3, max: 40 }))
        .map(([k, d]) => Math.max(0, k * SEALED_RECORD_SIZE + d)),
    );
    await fc.assert(
      fc.asyncProperty(lengths, version, async (length, v) => {
        const body = filler(length, length + 1);
        body.fill(0, 0, 4); // a v2 note's body version, 0, so the length is what is judged
        const { header, key } = keys[v];
        const opening = v === 1 ? decryptRecords(key, header.id, body) : decryptBodyV2(key, header, body);
        const problem = bodyLengthProblem(length, v);
        // Random bytes never authenticate: a length that passes fails on a record instead.
        const refusal = await opening.then(
          () => "opened",
          (e: Error) => e.message,
        );
        if (problem) expect(refusal).toBe(problem);
        else expect(refusal).toMatch(/^body record 0 does not authenticate/);
      }),
      { numRuns: 300 },
    );
  });

  it("accepts every length a writer produces", () => {
    fc.assert(fc.property(payloadLength, version, (n, v) => bodyLengthProblem(ciphertextLength(n, v), v) === null));
  });
});
