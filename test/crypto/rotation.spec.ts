/** Format v1 rotation: rewrap to a new password or KDF, rekey a note, reseal a notepad save. */
import { describe, expect, it } from "vitest";
import {
  DEFAULT_ITERATIONS,
  decodeHeader,
  generateNoteId,
  open,
  rekey,
  reseal,
  rewrap,
  seal,
  unlock,
  WrongKeyError,
} from "../../crypto/index";
import { fast, PAYLOAD } from "./fixtures";
import { TEST_FLOOR } from "./helpers";

describe("rotation", () => {
  it("rewraps to a new password: same body, new header, wrappedKey and verifier; the old password stops working", async () => {
    const sealed = await seal(PAYLOAD, {
      kind: "pad",
      id: "rotate",
      views: null,
      ttl: null,
      password: "old",
      ...fast,
      version: 1,
    });
    const unlocked = await unlock(sealed.header, { password: "old" }, TEST_FLOOR);
    const next = await rewrap(unlocked, sealed.wrappedKey, { password: "new", ...fast });
    expect(next.verifier).not.toBe(sealed.verifier);
    expect(decodeHeader(next.header).kdf!.salt).not.toBe(decodeHeader(sealed.header).kdf!.salt);
    await expect(open({ ...next, body: sealed.body }, { password: "new" }, TEST_FLOOR)).resolves.toEqual(PAYLOAD);
    await expect(open({ ...next, body: sealed.body }, { password: "old" }, TEST_FLOOR)).rejects.toThrow(WrongKeyError);
  });

  it("upgrades old KDF parameters to the default on rewrap", async () => {
    const sealed = await seal(PAYLOAD, {
      kind: "pad",
      id: "upgrade",
      views: null,
      ttl: null,
      password: "pw",
      ...fast,
      version: 1,
    });
    const next = await rewrap(await unlock(sealed.header, { password: "pw" }, TEST_FLOOR), sealed.wrappedKey, {
      password: "pw",
    });
    expect(decodeHeader(next.header).kdf!.iterations).toBe(DEFAULT_ITERATIONS);
    await expect(open({ ...next, body: sealed.body }, { password: "pw" })).resolves.toEqual(PAYLOAD);
  });

  it("rekeys a note: fresh DEK and link key, body re-encrypted, the old link key no longer opens it", async () => {
    const sealed = await seal(PAYLOAD, { kind: "note", id: generateNoteId(), views: 1, ttl: 60, version: 1 });
    const fresh = await rekey(
      await unlock(sealed.header, { linkKey: sealed.linkKey }),
      sealed.wrappedKey,
      sealed.body,
      {},
    );
    expect(Buffer.from(fresh.linkKey!).equals(sealed.linkKey!)).toBe(false);
    expect(Buffer.from(fresh.body).equals(sealed.body)).toBe(false);
    await expect(open(fresh, { linkKey: fresh.linkKey })).resolves.toEqual(PAYLOAD);
    await expect(open(fresh, { linkKey: sealed.linkKey })).rejects.toThrow(WrongKeyError);
  });

  it("reseals a notepad save under the same DEK with a fresh nonce prefix", async () => {
    const sealed = await seal(PAYLOAD, {
      kind: "pad",
      id: "save",
      views: null,
      ttl: null,
      password: "pw",
      ...fast,
      version: 1,
    });
    const unlocked = await unlock(sealed.header, { password: "pw" }, TEST_FLOOR);
    const edited = { ...PAYLOAD, text: "edited" };
    const body = await reseal(unlocked, sealed.wrappedKey, edited);
    expect(Buffer.from(body.subarray(0, 8)).equals(sealed.body.subarray(0, 8))).toBe(false);
    await expect(open({ ...sealed, body }, { password: "pw" }, TEST_FLOOR)).resolves.toEqual(edited);
  });
});
