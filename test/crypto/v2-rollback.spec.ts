/** Format v2: notepad saves under one DEK refuse rollback, relabelled versions and spliced records. */
import { beforeAll, describe, expect, it } from "vitest";
import {
  CorruptEnvelopeError,
  HushnoteCryptoError,
  openVersioned,
  RollbackError,
  reseal,
  type Sealed,
  seal,
  unlock,
} from "../../crypto/index";
import { fast } from "./fixtures";
import { TEST_FLOOR } from "./helpers";
import { HEAD_V2 as HEAD, join, PAYLOAD, RECORD } from "./tamper-target";

describe("format v2: notepad saves under one DEK", () => {
  let pad: Sealed;
  const saves: Uint8Array[] = [];
  beforeAll(async () => {
    pad = await seal(PAYLOAD, {
      kind: "pad",
      id: "rollback",
      views: null,
      ttl: null,
      password: "pw",
      version: 2,
      ...fast,
    });
    const unlocked = await unlock(pad.header, { password: "pw" }, TEST_FLOOR);
    for (const version of [2, 3])
      saves.push(await reseal(unlocked, pad.wrappedKey, { ...PAYLOAD, text: `v${version}` }, { bodyVersion: version }));
  });
  const openPad = (body: Uint8Array, minBodyVersion?: number) =>
    openVersioned(
      { ...pad, body },
      { password: "pw" },
      { ...TEST_FLOOR, minBodyVersion, expect: { kind: "pad", id: "rollback" } },
    );

  it("reports each save's version, and refuses an older body than one already seen (RollbackError)", async () => {
    await expect(openPad(saves[1]!, 3)).resolves.toMatchObject({ bodyVersion: 3, payload: { text: "v3" } });
    await expect(openPad(saves[0]!, 3)).rejects.toThrow(RollbackError);
    await expect(openPad(pad.body, 2)).rejects.toThrow(RollbackError);
    await expect(openPad(saves[0]!, 2)).resolves.toMatchObject({ bodyVersion: 2 });
  });

  it("refuses a body whose version field was rewritten to pass the check: the version is in the subkey and every AAD", async () => {
    for (const version of [3, 4, 0xffff_ffff]) {
      const relabelled = new Uint8Array(saves[0]!);
      new DataView(relabelled.buffer).setUint32(0, version);
      await expect(openPad(relabelled, 3)).rejects.toThrow(CorruptEnvelopeError);
      await expect(openPad(relabelled, 3)).rejects.not.toThrow(RollbackError);
    }
  });

  it("refuses records spliced from two saves of one notepad", async () => {
    const big = { ...PAYLOAD, text: "big" };
    const unlocked = await unlock(pad.header, { password: "pw" }, TEST_FLOOR);
    const [a, b] = [
      await reseal(unlocked, pad.wrappedKey, big, { bodyVersion: 5 }),
      await reseal(unlocked, pad.wrappedKey, big, { bodyVersion: 5 }),
    ];
    await expect(openPad(join(a.subarray(0, HEAD + RECORD), b.subarray(HEAD + RECORD)))).rejects.toThrow(
      CorruptEnvelopeError,
    );
    await expect(openPad(join(b.subarray(0, HEAD), a.subarray(HEAD)))).rejects.toThrow(CorruptEnvelopeError);
  });

  it("never resolves to an empty or partial payload: every failure is a HushnoteCryptoError", async () => {
    const attempts = [
      () => openPad(pad.body.subarray(0, HEAD + 16)),
      () => openPad(new Uint8Array(0)),
      () => openPad(saves[0]!, 99),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toBeInstanceOf(HushnoteCryptoError);
  });
});
