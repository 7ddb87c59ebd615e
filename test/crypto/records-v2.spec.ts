import { describe, expect, it } from "vitest";
import { CorruptEnvelopeError } from "../../crypto/index";
import { bodyInfo, decryptBodyV2, encryptBodyV2, recordAadV2, recordNonceV2 } from "../../crypto/records-v2";
import { filler } from "./helpers";

// The v2 record layer on its own, against docs/FORMAT.md §5.2 byte for byte.
const PAD = { kind: "pad", id: "ab" } as const;
const dek = () => crypto.subtle.importKey("raw", filler(32, 3), "HKDF", false, ["deriveKey"]);

describe("v2 body records", () => {
  it("lays out the AAD as 0x02 ‖ id length ‖ id ‖ u32be(body version) ‖ u32be(index) ‖ final flag, and the nonce as 8 zero bytes ‖ u32be(index)", () => {
    expect(Buffer.from(recordAadV2("ab", 7, 258, true)).toString("hex")).toBe("020261620000000700000102" + "01");
    expect(Buffer.from(recordNonceV2(258)).toString("hex")).toBe("0000000000000000" + "00000102");
    expect(bodyInfo(PAD, 4_294_967_295)).toBe("hushnote/v2/body/pad/ab/4294967295");
  });

  it("starts the body with u32be(body version) ‖ body salt and round-trips at every record boundary", async () => {
    for (const n of [0, 65_535, 65_536, 131_073]) {
      const body = await encryptBodyV2(await dek(), PAD, 9, filler(n, n + 1), filler(32, 5));
      expect(body.length).toBe(36 + n + 16 * Math.max(1, Math.ceil(n / 65_536)));
      expect(Buffer.from(body.subarray(0, 36)).equals(Buffer.concat([Buffer.from([0, 0, 0, 9]), filler(32, 5)]))).toBe(
        true,
      );
      const opened = await decryptBodyV2(await dek(), PAD, body);
      expect(opened.bodyVersion).toBe(9);
      expect(Buffer.from(opened.plaintext).equals(filler(n, n + 1))).toBe(true);
    }
  });

  it("binds kind and id: the same bytes do not open as another notepad or as a note", async () => {
    const body = await encryptBodyV2(await dek(), PAD, 0, filler(100, 1), filler(32, 5));
    await expect(decryptBodyV2(await dek(), { kind: "pad", id: "ac" }, body)).rejects.toThrow(CorruptEnvelopeError);
    await expect(decryptBodyV2(await dek(), { kind: "note", id: "ab" }, body)).rejects.toThrow(CorruptEnvelopeError);
  });

  it("refuses a note body with a version other than 0, and bodies too short to hold a head and a tag", async () => {
    await expect(
      encryptBodyV2(await dek(), { kind: "note", id: "ab" }, 1, new Uint8Array(0), filler(32, 5)),
    ).rejects.toThrow(/always 0/);
    const body = await encryptBodyV2(await dek(), PAD, 1, new Uint8Array(0), filler(32, 5));
    await expect(decryptBodyV2(await dek(), { kind: "note", id: "ab" }, body)).rejects.toThrow(/always 0/);
    await expect(decryptBodyV2(await dek(), PAD, body.subarray(0, 35))).rejects.toThrow(/too short/);
    await expect(decryptBodyV2(await dek(), PAD, body.subarray(0, 51))).rejects.toThrow(/too short/);
  });
});
