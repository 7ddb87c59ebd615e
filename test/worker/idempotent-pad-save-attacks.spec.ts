// A saveId is not a credential: whoever copies or guesses one, without the password, gets nothing and changes nothing.
// Duplicates of one save racing each other make one version; different saves racing on one version, one winner. A save
// whose answer was lost after it committed is found done by its retry.
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { randomBytes } from "./helpers";
import { failAfterCommit } from "./object-setup";
import { createPad, freshSlug, openPad, padBodyKeys, padKeys, padSql, padStub, putPad } from "./pad-helpers";
import { answer, wrong } from "./pad-owner-helpers";

const newSaveId = () => toBase64Url(randomBytes(16));
/** What the pad holds that a refused request must leave as it was. */
const held = async (slug: string) => ({
  row: await padSql(slug, "SELECT version, header, wrapped_key, hex(verifier) AS v FROM secret"),
  recent: await padSql(slug, "SELECT hex(id) AS id, version FROM recent_save ORDER BY version"),
  devices: await padSql(slug, "SELECT hex(key) AS k FROM device"),
  bodies: await padBodyKeys(slug),
});

describe("a saveId in the hands of someone without the password", () => {
  it("repeats a body save with the right saveId and a wrong proof: 403, and nothing changes", async () => {
    const { slug, keys } = await createPad();
    const saveId = newSaveId();
    const body = randomBytes(300);
    expect((await putPad(slug, { version: 1, body, proof: keys.proof, saveId })).status).toBe(200);
    const before = await held(slug);
    const response = await putPad(slug, { version: 1, body: randomBytes(300), proof: wrong(), saveId });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: expect.stringMatching(/password is wrong/) });
    expect(await held(slug)).toEqual(before);
    expect((await answer(await openPad(slug, keys.proof))).body).toEqual(body);
  });

  it("copies a password change's saveId into one of its own (or with a wrong proof alone): 403, nothing changes", async () => {
    const { slug, keys, body } = await createPad();
    const next = await padKeys(slug);
    const saveId = newSaveId();
    const change = { version: 1, ...next, proof: keys.proof, saveId };
    expect((await putPad(slug, change)).status).toBe(200);
    const before = await held(slug);
    const own = await padKeys(slug);
    for (const attempt of [
      { ...own, version: 1, saveId },
      { ...own, version: 2, saveId },
      { ...change, verifier: own.verifier, proof: wrong() },
      { version: 2, body: randomBytes(300), proof: wrong(), saveId },
    ]) {
      const response = await putPad(slug, attempt);
      expect(response.status).toBe(403);
      expect(await response.json()).not.toHaveProperty("device");
    }
    expect(await held(slug)).toEqual(before);
    expect((await openPad(slug, own.proof)).status).toBe(403);
    expect((await answer(await openPad(slug, next.proof))).body).toEqual(body);
  });

  it("repeats the create with its copied saveId and keys of its own: the public version 1, no device, nothing changes", async () => {
    const slug = freshSlug();
    const keys = await padKeys(slug);
    const body = randomBytes(300);
    const saveId = newSaveId();
    expect((await putPad(slug, { version: 0, ...keys, proof: undefined, body, saveId })).status).toBe(200);
    const before = await held(slug);
    const own = await padKeys(slug);
    const response = await putPad(slug, { version: 0, ...own, proof: undefined, body: randomBytes(300), saveId });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ version: 1 });
    expect(await held(slug)).toEqual(before);
    expect((await openPad(slug, own.proof)).status).toBe(403);
    expect((await answer(await openPad(slug, keys.proof))).body).toEqual(body);
  });
});

describe("concurrent saves with saveIds", () => {
  it("makes one version of 10 concurrent duplicates of one save: all answer it, and KV keeps one body", async () => {
    const { slug, keys, device } = await createPad();
    const body = randomBytes(400);
    const save = { version: 1, body, proof: keys.proof, device, saveId: newSaveId() };
    const responses = await Promise.all(Array.from({ length: 10 }, () => putPad(slug, save)));
    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ version: 2 });
    }
    expect(await padBodyKeys(slug)).toHaveLength(1);
    const opened = await answer(await openPad(slug, keys.proof, device));
    expect(opened.json).toMatchObject({ version: 2 });
    expect(opened.body).toEqual(body);
  });

  it("lets exactly one of 10 concurrent saves with different saveIds win; the rest answer 409", async () => {
    const { slug, keys, device } = await createPad();
    const saves = Array.from({ length: 10 }, () => ({
      version: 1,
      body: randomBytes(400),
      proof: keys.proof,
      device,
      saveId: newSaveId(),
    }));
    const responses = await Promise.all(saves.map((save) => putPad(slug, save)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    const winner = saves[statuses.indexOf(200)]!;
    expect(await padSql(slug, "SELECT version FROM secret")).toEqual([{ version: 2 }]);
    expect(await padSql(slug, "SELECT version FROM recent_save")).toEqual([{ version: 2 }]);
    // Each loser's retry still finds a conflict: only the winner's saveId names a save the pad made.
    for (const loser of saves.filter((save) => save !== winner)) expect((await putPad(slug, loser)).status).toBe(409);
    expect(await (await putPad(slug, winner)).json()).toEqual({ version: 2 });
    expect(await padBodyKeys(slug)).toHaveLength(1);
    expect((await answer(await openPad(slug, keys.proof))).body).toEqual(winner.body);
  });
});

describe("a retry of a save whose answer was lost after it committed", () => {
  it("finds a body save done: the first answer is a 503, the retry answers its version, one body", async () => {
    const { slug, keys } = await createPad();
    const body = randomBytes(300);
    const save = { version: 1, body, proof: keys.proof, saveId: newSaveId() };
    // The pad cannot be asked either whether it names the new body: the Worker cannot tell the writer it saved.
    await failAfterCommit(padStub(slug), true);
    expect(await (await putPad(slug, save)).json()).toMatchObject({
      status: 503,
      error: expect.stringMatching(/confirm/),
    });
    const again = await putPad(slug, save);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ version: 2 });
    expect(await padBodyKeys(slug)).toHaveLength(1);
    expect((await answer(await openPad(slug, keys.proof))).body).toEqual(body);
  });

  it("finds a new password with a new body done although its old proof is now wrong; no wrong password counts", async () => {
    const { slug, keys } = await createPad();
    const next = await padKeys(slug);
    const body = randomBytes(300);
    const change = { version: 1, ...next, body, proof: keys.proof, saveId: newSaveId() };
    await failAfterCommit(padStub(slug), true);
    expect((await putPad(slug, change)).status).toBe(503);
    const again = await putPad(slug, change);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ version: 2 });
    expect(await padSql(slug, "SELECT failed_proofs FROM secret")).toEqual([{ failed_proofs: 0 }]);
    expect((await answer(await openPad(slug, next.proof))).body).toEqual(body);
    expect((await openPad(slug, keys.proof)).status).toBe(403);
    expect(await padBodyKeys(slug)).toHaveLength(1);
  });
});

describe("how many saves a notepad remembers", () => {
  it("remembers the last 32 saves by id: an older save's retry is a conflict", async () => {
    const { slug, keys } = await createPad();
    const first = { version: 1, body: randomBytes(100), proof: keys.proof, saveId: newSaveId() };
    expect((await putPad(slug, first)).status).toBe(200);
    for (let version = 2; version <= 33; version++)
      expect(
        (await putPad(slug, { version, body: randomBytes(100), proof: keys.proof, saveId: newSaveId() })).status,
      ).toBe(200);
    expect(await padSql(slug, "SELECT version FROM recent_save")).toHaveLength(32);
    const again = await putPad(slug, first);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ version: 34 });
  });
});
