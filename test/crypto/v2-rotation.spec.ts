/** Format v2 saves and rotation: reseal, rewrap, rekey, the v1 → v2 upgrade, and cloneable reader state. */
import { describe, expect, it } from "vitest";
import {
  decodeHeader,
  decryptVersioned,
  open,
  openVersioned,
  rekey,
  reseal,
  rewrap,
  seal,
  unlock,
  WrongKeyError,
} from "../../crypto/index";
import { fast, PAYLOAD } from "./fixtures";
import { TEST_FLOOR, TEST_ITERATIONS } from "./helpers";

describe("format v2: saves and rotation", () => {
  const pad = (id: string) =>
    seal(PAYLOAD, { kind: "pad", id, views: null, ttl: null, version: 2, password: "pw", ...fast });
  const unlockPad = (header: string, pw = "pw") => unlock(header, { password: pw }, TEST_FLOOR);

  it("reseals a notepad save for the version it creates, under a fresh body salt, and demands that version", async () => {
    const sealed = await pad("save");
    const unlocked = await unlockPad(sealed.header);
    await expect(reseal(unlocked, sealed.wrappedKey, PAYLOAD)).rejects.toThrow(/bodyVersion/);
    const edited = { ...PAYLOAD, text: "edited" };
    const body = await reseal(unlocked, sealed.wrappedKey, edited, { bodyVersion: 2 });
    expect(Buffer.from(body.subarray(4, 36)).equals(sealed.body.subarray(4, 36))).toBe(false);
    await expect(openVersioned({ ...sealed, body }, { password: "pw" }, TEST_FLOOR)).resolves.toEqual({
      payload: edited,
      bodyVersion: 2,
    });
  });

  it("rewraps in place (same body, same salt, more iterations) and refuses to change the version", async () => {
    const sealed = await pad("rewrap");
    const unlocked = await unlockPad(sealed.header);
    const next = await rewrap(unlocked, sealed.wrappedKey, {
      password: "pw",
      iterations: TEST_ITERATIONS + 1,
      ...TEST_FLOOR,
    });
    expect(decodeHeader(next.header)).toMatchObject({
      v: 2,
      kdf: { salt: decodeHeader(sealed.header).kdf!.salt, iterations: TEST_ITERATIONS + 1 },
    });
    expect(next.linkVerifier).toBeNull();
    await expect(open({ ...next, body: sealed.body }, { password: "pw" }, TEST_FLOOR)).resolves.toEqual(PAYLOAD);
    await expect(rewrap(unlocked, sealed.wrappedKey, { password: "pw", version: 1, ...fast })).rejects.toThrow(/rekey/);
  });

  it("rekeys a password change: fresh DEK, same salt, the old password and old wrapped key are useless", async () => {
    const sealed = await pad("rekey");
    const unlocked = await unlockPad(sealed.header);
    await expect(rekey(unlocked, sealed.wrappedKey, sealed.body, { password: "new", ...fast })).rejects.toThrow(
      /bodyVersion/,
    );
    const fresh = await rekey(unlocked, sealed.wrappedKey, sealed.body, { password: "new", bodyVersion: 5, ...fast });
    expect(decodeHeader(fresh.header).kdf!.salt).toBe(decodeHeader(sealed.header).kdf!.salt);
    await expect(openVersioned(fresh, { password: "new" }, TEST_FLOOR)).resolves.toEqual({
      payload: PAYLOAD,
      bodyVersion: 5,
    });
    await expect(open(fresh, { password: "pw" }, TEST_FLOOR)).rejects.toThrow(WrongKeyError);
    // The new body is under a new DEK: the old wrapped key with the old password does not open it.
    await expect(open({ ...sealed, body: fresh.body }, { password: "pw" }, TEST_FLOOR)).rejects.toThrow(
      /does not authenticate/,
    );
  });

  it("moves a v1 envelope to v2 only by rekey (keeping a notepad's salt), and never back", async () => {
    const v1 = await seal(PAYLOAD, {
      kind: "pad",
      id: "upgrade",
      views: null,
      ttl: null,
      version: 1,
      password: "pw",
      ...fast,
    });
    const unlocked = await unlockPad(v1.header);
    await expect(rewrap(unlocked, v1.wrappedKey, { password: "pw", version: 2, ...fast })).rejects.toThrow(/rekey/);
    const v2 = await rekey(unlocked, v1.wrappedKey, v1.body, { password: "pw", version: 2, bodyVersion: 4, ...fast });
    expect(decodeHeader(v2.header)).toMatchObject({ v: 2, kdf: { salt: decodeHeader(v1.header).kdf!.salt } });
    await expect(openVersioned(v2, { password: "pw" }, TEST_FLOOR)).resolves.toEqual({
      payload: PAYLOAD,
      bodyVersion: 4,
    });
    const back = rekey(await unlockPad(v2.header), v2.wrappedKey, v2.body, { password: "pw", version: 1, ...fast });
    await expect(back).rejects.toThrow(/downgrade/);
  });

  it("rekeys a note to v2 with a fresh link key and a link verifier", async () => {
    const v1 = await seal(PAYLOAD, { kind: "note", id: "DDDDDDDDDDDDDDDDDDDDDA", views: 1, ttl: 60, version: 1 });
    const v2 = await rekey(await unlock(v1.header, { linkKey: v1.linkKey }), v1.wrappedKey, v1.body, { version: 2 });
    expect(v2.linkVerifier).toHaveLength(43);
    expect(Buffer.from(v2.linkKey!).equals(v1.linkKey!)).toBe(false);
    await expect(openVersioned(v2, { linkKey: v2.linkKey })).resolves.toEqual({ payload: PAYLOAD, bodyVersion: 0 });
  });

  it("keeps the reader's state plain data: the unlocked v2 state survives structured cloning (postMessage)", async () => {
    const sealed = await seal(PAYLOAD, { kind: "note", id: "EEEEEEEEEEEEEEEEEEEEEA", views: 1, ttl: 60, version: 2 });
    const unlocked = await unlock(sealed.header, { linkKey: sealed.linkKey });
    expect(unlocked.kek.extractable).toBe(false);
    await expect(decryptVersioned(structuredClone(unlocked), sealed.wrappedKey, sealed.body)).resolves.toEqual({
      payload: PAYLOAD,
      bodyVersion: 0,
    });
  });
});
