import { describe, expect, it } from "vitest";
import { encryptBody, importDek } from "../../crypto/body";
import { concat, u32be, utf8 } from "../../crypto/bytes";
import { decrypt, encodePayload, HushnoteCryptoError, openStream, seal, sealStream, unlock } from "../../crypto/index";
import { unwrapDekBytes } from "../../crypto/wrap";
import { filler, TEST_FLOOR } from "./helpers";
import { chunked, collect, gather, seeded, streamed } from "./stream-helpers";

const ID = "rnWVeCvFOLK21nhnJ3p-Zw";
const OPTS = { kind: "note" as const, id: ID, views: null, ttl: null, ...TEST_FLOOR };
const manifest = (files: { size: number }[]) =>
  utf8(JSON.stringify({ text: "", tabs: [], files: files.map((f, i) => ({ name: `${i}`, type: "", size: f.size })) }));
const prefixed = (json: Uint8Array, ...rest: Uint8Array[]) => concat(u32be(json.length), json, ...rest);

describe("openStream's payload checks", () => {
  // Plaintexts sealed as they are: only someone holding the DEK could write them, and the reader must still refuse.
  const malformed: [string, Uint8Array][] = [
    ["too short", Uint8Array.of(0, 0, 1)],
    ["a manifest length past the end", concat(u32be(100_000), utf8("{}"))],
    ["a manifest that is not JSON", prefixed(utf8("{x"))],
    ["a manifest of the wrong shape", prefixed(utf8('{"text":"","tabs":[]}'))],
    ["file bytes missing", prefixed(manifest([{ size: 70_000 }]), filler(69_999, 1))],
    ["file bytes left over", prefixed(manifest([{ size: 2 }, { size: 0 }]), filler(3, 1))],
    ["bytes after a payload without files", prefixed(manifest([]), Uint8Array.of(1))],
    ["a manifest spanning records, then too few bytes", prefixed(utf8(`{"text":"${"a".repeat(140_000)}"`))],
  ];

  it.each(malformed)("refuses %s with decodePayload's error, after releasing nothing past it", async (_what, plain) => {
    for (const version of [1, 2] as const) {
      const sealed = await seal({ text: "", tabs: [], files: [] }, { ...OPTS, version, random: seeded(2) });
      const unlocked = await unlock(sealed.header, { linkKey: sealed.linkKey }, TEST_FLOOR);
      const dek = await importDek(await unwrapDekBytes(unlocked, sealed.wrappedKey), unlocked.header);
      const body = await encryptBody(dek, unlocked.header, plain, 0, seeded(3));
      const whole = await decrypt(unlocked, sealed.wrappedKey, body).catch((e: Error) => e);
      const streamedError = await gather(openStream(unlocked, sealed.wrappedKey, chunked(body, 4_000))).catch(
        (e: Error) => e,
      );
      expect(whole).toBeInstanceOf(Error);
      expect(streamedError).toEqual(whole);
      expect((streamedError as Error).name).toBe((whole as Error).name);
    }
  });
});

describe("sealStream's files", () => {
  const file = filler(150_000, 4);

  it.each([
    ["longer", 799_999],
    ["shorter", 800_001],
    ["shorter by a whole record", 800_000 + 65_536],
  ])("refuses a file that turns out %s than declared, without ever sealing a record twice", async (_how, size) => {
    const big = filler(800_000, 5);
    // What an honest file of the declared size starting with the same bytes seals to, from the same draws.
    const honestBytes = size <= big.length ? big.subarray(0, size) : concat(big, filler(size - big.length, 6));
    const honestPayload = { text: "t", tabs: [], files: [{ name: "a", type: "", bytes: honestBytes }] };
    const honest = Buffer.from(
      await collect((await sealStream(streamed(honestPayload), { ...OPTS, random: seeded(7) })).body),
    );
    const lying = { text: "t", tabs: [], files: [{ name: "a", type: "", size, chunks: chunked(big, 4_096) }] };
    const sealed = await sealStream(lying, { ...OPTS, random: seeded(7) });
    const out: Uint8Array[] = [];
    await expect(
      (async () => {
        for await (const piece of sealed.body) out.push(piece);
      })(),
    ).rejects.toBeInstanceOf(HushnoteCryptoError);
    // Records were released before the error, each identical to the honest body's (same key, nonce and plaintext),
    // and the body never got to its final record: no nonce carried two plaintexts.
    const released = Buffer.concat(out);
    expect(out.length).toBeGreaterThan(2);
    expect(released.equals(honest.subarray(0, released.length))).toBe(true);
    expect(released.length).toBeLessThan(honest.length - 65_552);
  });

  it("gives the same body whether files come in 1-byte, odd or whole chunks", async () => {
    const small = {
      text: "ü",
      tabs: [{ title: "t", text: "x" }],
      files: [{ name: "a", type: "", bytes: file.subarray(0, 70_000) }],
    };
    const bodies = [];
    for (const chunks of [1, [3, 65_537, 7], 1_000_000]) {
      bodies.push(
        Buffer.from(await collect((await sealStream(streamed(small, chunks), { ...OPTS, random: seeded(8) })).body)),
      );
    }
    expect(bodies[0]?.equals(bodies[1] as Buffer)).toBe(true);
    expect(bodies[0]?.equals(bodies[2] as Buffer)).toBe(true);
    expect(bodies[0]?.length).toBe(encodePayload(small).length + 36 + 2 * 16);
  });

  it("is not disturbed by a consumer that wipes each piece once it has sent it (v1 nonces come from the head)", async () => {
    const small = { text: "", tabs: [], files: [{ name: "a", type: "", bytes: file }] };
    const whole = await seal(small, { ...OPTS, version: 1, random: seeded(10) });
    const sealed = await sealStream(streamed(small), { ...OPTS, version: 1, random: seeded(10) });
    const sent: Buffer[] = [];
    for await (const piece of sealed.body) {
      sent.push(Buffer.from(piece));
      piece.fill(0);
    }
    expect(Buffer.concat(sent).equals(whole.body)).toBe(true);
  });

  it("refuses a malformed payload before deriving any key", async () => {
    const bad = { text: "", tabs: [], files: [{ name: "a", type: "", size: -1, chunks: chunked(file) }] };
    await expect(sealStream(bad, OPTS)).rejects.toThrow(/files of \{name, type, size, chunks\}/);
    const noChunks = { text: "", tabs: [], files: [{ name: "a", type: "", size: 1, chunks: file }] };
    await expect(sealStream(noChunks as never, OPTS)).rejects.toThrow(/AsyncIterable/);
  });
});
