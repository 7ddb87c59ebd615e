import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { CorruptEnvelopeError } from "../../crypto/index";
import { decryptRecords, encryptRecords, recordAad } from "../../crypto/records";
import { filler } from "./helpers";

// The record layer on its own: the payload codec's length check must not be what catches these attacks.
const RECORD = 65_536 + 16;
const ID = "recordsRECORDSrecordsQ";
let dek: CryptoKey;

beforeAll(async () => {
  dek = await crypto.subtle.importKey("raw", filler(32, 3), "AES-GCM", false, ["encrypt", "decrypt"]);
});

describe("body records", () => {
  it("round-trips any length, including 0 and exact multiples of 64 KiB (60 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.integer({ min: 0, max: 300_000 }), fc.constantFrom(0, 1, 65_535, 65_536, 65_537, 131_072)),
        async (n) => {
          const plain = filler(n, n + 1);
          const body = await encryptRecords(dek, ID, plain, filler(8, 5));
          expect(body.length).toBe(8 + n + 16 * Math.max(1, Math.ceil(n / 65_536)));
          expect(Buffer.from(await decryptRecords(dek, ID, body)).equals(plain)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("rejects a body cut at any record boundary (the final flag, not the length, catches it)", async () => {
    const body = await encryptRecords(dek, ID, filler(4 * 65_536, 9), filler(8, 5));
    for (let kept = 1; kept < 4; kept++) {
      await expect(decryptRecords(dek, ID, body.subarray(0, 8 + kept * RECORD))).rejects.toThrow(CorruptEnvelopeError);
    }
  });

  it("rejects an appended tag-only record and fragments shorter than a tag", async () => {
    const body = await encryptRecords(dek, ID, filler(65_536, 9), filler(8, 5));
    await expect(decryptRecords(dek, ID, new Uint8Array(Buffer.concat([body, new Uint8Array(16)])))).rejects.toThrow(
      /impossible length/,
    );
    await expect(decryptRecords(dek, ID, new Uint8Array(Buffer.concat([body, new Uint8Array(5)])))).rejects.toThrow(
      /impossible length/,
    );
    await expect(decryptRecords(dek, ID, body.subarray(0, 23))).rejects.toThrow(/too short/);
  });

  it("rejects the same records under another id", async () => {
    const body = await encryptRecords(dek, ID, filler(100, 9), filler(8, 5));
    await expect(decryptRecords(dek, "recordsRECORDSrecordsA", body)).rejects.toThrow(CorruptEnvelopeError);
  });

  it("lays out the AAD as version ‖ id length ‖ id ‖ u32be(index) ‖ final flag", () => {
    expect(Buffer.from(recordAad("ab", 258, true)).toString("hex")).toBe("01026162000001020" + "1");
    expect(Buffer.from(recordAad("ab", 0, false)).toString("hex")).toBe("0102616200000000" + "00");
  });
});
