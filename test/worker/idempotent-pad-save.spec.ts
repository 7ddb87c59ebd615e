// A notepad save names itself with a `saveId` the client draws; a retry of one of the pad's recent saves (its answer lost
// on the way back) hears the version that save made instead of a conflict with itself, and nothing is stored twice.
import { describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "../../crypto/base64url";
import { randomBytes, sha256, spyKv } from "./helpers";
import { buffer, freshPad, padInput, sql } from "./object-setup";
import { createPad, freshSlug, openPad, padBodyKeys, padKeys, padSql, putPad, putPadWith } from "./pad-helpers";
import { answer } from "./pad-owner-helpers";

const newSaveId = () => toBase64Url(randomBytes(16));
/** The saveId's bytes as SQLite's hex() spells them. */
const hex = (id: string) => [...fromBase64Url(id)!].map((b) => b.toString(16).padStart(2, "0").toUpperCase()).join("");
/** The pad's version and wrong-password count, and the saves it remembers by id. */
const saves = async (slug: string) => ({
  ...(await padSql(slug, "SELECT version, failed_proofs FROM secret"))[0],
  recent: await padSql(slug, "SELECT hex(id) AS id, version FROM recent_save ORDER BY version"),
});

describe("PUT /api/pads/:slug repeated with its saveId", () => {
  it("answers a repeated body save with the version it made, storing nothing and issuing no device", async () => {
    const { slug, keys, device } = await createPad();
    const saveId = newSaveId();
    const body = randomBytes(500);
    const first = await putPad(slug, { version: 1, body, proof: keys.proof, device, saveId });
    expect(await first.json()).toEqual({ version: 2 });
    const stored = await padBodyKeys(slug);
    expect(await saves(slug)).toEqual({ version: 2, failed_proofs: 0, recent: [{ id: hex(saveId), version: 2 }] });
    // The retry comes without the device (as one whose first answer was lost might) and with other bytes: the first
    // attempt's body stands, no byte of the retry's reaches KV, and no device is handed out.
    const spy = spyKv();
    const again = await putPadWith({ NOTES: spy.kv }, slug, {
      version: 1,
      body: randomBytes(500),
      proof: keys.proof,
      saveId,
    });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ version: 2 });
    expect(spy.calls).toEqual([]);
    expect(await padBodyKeys(slug)).toEqual(stored);
    expect(await saves(slug)).toEqual({ version: 2, failed_proofs: 0, recent: [{ id: hex(saveId), version: 2 }] });
    const opened = await answer(await openPad(slug, keys.proof, device));
    expect(opened.json).toMatchObject({ version: 2, size: 500 });
    expect(opened.body).toEqual(body);
  });

  it("answers a repeated password change (JSON, the old proof) with its version; the new password opens", async () => {
    const { slug, keys, body } = await createPad();
    const next = await padKeys(slug);
    const { header, wrappedKey, verifier } = next;
    const change = { version: 1, header, wrappedKey, verifier, proof: keys.proof, saveId: newSaveId() };
    const first = await putPad(slug, change);
    expect(await first.json()).toMatchObject({ version: 2, device: expect.any(String) });
    for (let retry = 0; retry < 3; retry++) {
      const again = await putPad(slug, change);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ version: 2 });
    }
    // The old proof in the retries never counted as a wrong password.
    expect(await saves(slug)).toMatchObject({ version: 2, failed_proofs: 0, recent: [{ version: 2 }] });
    const opened = await answer(await openPad(slug, next.proof));
    expect(opened.json).toMatchObject({ version: 2, wrappedKey });
    expect(opened.body).toEqual(body);
    expect((await openPad(slug, keys.proof)).status).toBe(403);
    expect(await padBodyKeys(slug)).toHaveLength(1);
  });

  it.each([
    ["its own saveId", newSaveId],
    ["no saveId", () => undefined],
  ])(
    "answers a repeat after someone else saved on top (with %s) with its own version; theirs stays",
    async (_w, theirs) => {
      const { slug, keys } = await createPad();
      const mine = { version: 1, body: randomBytes(300), proof: keys.proof, saveId: newSaveId() };
      expect(await (await putPad(slug, mine)).json()).toMatchObject({ version: 2 });
      const their = randomBytes(400);
      const saveId = theirs();
      const on = await putPad(slug, { version: 2, body: their, proof: keys.proof, saveId });
      expect(await on.json()).toMatchObject({ version: 3 });
      expect((await saves(slug)).recent).toEqual(
        saveId
          ? [
              { id: hex(mine.saveId), version: 2 },
              { id: hex(saveId), version: 3 },
            ]
          : [{ id: hex(mine.saveId), version: 2 }],
      );
      // The retry hears that its save was stored, as version 2; writing on top of 2 is then the conflict it really is.
      const again = await putPad(slug, mine);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ version: 2 });
      const next = await putPad(slug, { ...mine, version: 2, saveId: newSaveId() });
      expect(next.status).toBe(409);
      expect(await next.json()).toMatchObject({ status: 409, version: 3 });
      const opened = await answer(await openPad(slug, keys.proof));
      expect(opened.json).toMatchObject({ version: 3 });
      expect(opened.body).toEqual(their);
      expect(await padBodyKeys(slug)).toHaveLength(1);
    },
  );
});

describe("PUT /api/pads/:slug creating, repeated with its saveId", () => {
  it("answers 200 {version: 1} to the repeat, not 409; another saveId, none, or a later save make it a conflict", async () => {
    const slug = freshSlug();
    const keys = await padKeys(slug);
    const body = randomBytes(300);
    const create = { version: 0, ...keys, proof: undefined, body, saveId: newSaveId() };
    expect(await (await putPad(slug, create)).json()).toMatchObject({ version: 1, device: expect.any(String) });
    const again = await putPad(slug, { ...create, body: randomBytes(300) });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ version: 1 });
    expect(await padBodyKeys(slug)).toHaveLength(1);
    expect((await answer(await openPad(slug, keys.proof))).body).toEqual(body);
    for (const saveId of [newSaveId(), undefined]) {
      const other = await putPad(slug, { ...create, saveId });
      expect(other.status).toBe(409);
      expect(await other.json()).toMatchObject({ version: 1 });
    }
    // After a later save the create's retry still hears the version it made.
    await putPad(slug, { version: 1, body: randomBytes(300), proof: keys.proof });
    expect(await (await putPad(slug, create)).json()).toEqual({ version: 1 });
    expect(await padBodyKeys(slug)).toHaveLength(1);
  });
});

describe("PUT /api/pads/:slug with a malformed saveId", () => {
  const malformed: [string, unknown][] = [
    ["15 bytes", toBase64Url(randomBytes(15))],
    ["17 bytes", toBase64Url(randomBytes(17))],
    ["padding", `${toBase64Url(randomBytes(16))}==`],
    ["base64 rather than base64url", "+/+/+/+/+/+/+/+/+/+/+w"],
    ["empty", ""],
    ["a number", 1234],
    ["null", null],
    ["an array", [newSaveId()]],
  ];

  it.each(malformed)("refuses %s with 400 in both forms and at a free address, storing nothing", async (_what, id) => {
    const { slug, keys, body } = await createPad();
    const next = await padKeys(slug);
    const forms = [
      { version: 1, body: randomBytes(300), proof: keys.proof, saveId: id },
      { version: 1, header: next.header, wrappedKey: next.wrappedKey, verifier: next.verifier, proof: keys.proof },
    ];
    forms[1]!.saveId = id;
    for (const form of forms) {
      const response = await putPad(slug, form);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        status: 400,
        error: '"saveId" must be 16 bytes in base64url without padding.',
      });
    }
    const opened = await answer(await openPad(slug, keys.proof));
    expect(opened.json).toMatchObject({ version: 1, wrappedKey: keys.wrappedKey });
    expect(opened.body).toEqual(body);
    expect(await padBodyKeys(slug)).toHaveLength(1);
    const free = freshSlug();
    const fresh = await padKeys(free);
    const create = await putPad(free, { version: 0, ...fresh, proof: undefined, body, saveId: id });
    expect(create.status).toBe(400);
    expect(await padBodyKeys(free)).toEqual([]);
    expect(await padSql(free, "SELECT * FROM secret")).toEqual([]);
  });
});

describe("PadObject.save racing a duplicate of itself", () => {
  it("commits the first; the duplicate, authorized before either committed, hears saved-before and names nothing", async () => {
    const stub = freshPad();
    const authKey = randomBytes(32);
    const created = await padInput(authKey);
    expect(await stub.save(created)).toMatchObject({ outcome: "saved", version: 1 });
    const save = {
      ...created,
      expectVersion: 1,
      header: null,
      wrappedKey: null,
      verifier: null,
      proofHash: buffer(await sha256(authKey)),
      saveId: buffer(randomBytes(16)),
    };
    expect(await stub.authorizeSave(save)).toMatchObject({ outcome: "ready" });
    expect(await stub.authorizeSave(save)).toMatchObject({ outcome: "ready" });
    expect(await stub.save({ ...save, bodyKey: "p/objects/first" })).toMatchObject({ outcome: "saved", version: 2 });
    expect(await stub.save({ ...save, bodyKey: "p/objects/second" })).toEqual({ outcome: "saved-before", version: 2 });
    expect(await stub.authorizeSave(save)).toEqual({ outcome: "saved-before", version: 2 });
    expect(await sql(stub, "SELECT body_key, version FROM secret")).toEqual([
      { body_key: "p/objects/first", version: 2 },
    ]);
  });
});
