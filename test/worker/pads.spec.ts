import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { call, randomBytes } from "./helpers";
import { createPad, freshSlug, openPad, padBodyKeys, padKeys, padSql, putPad } from "./pad-helpers";
import { answer } from "./pad-owner-helpers";

describe("PUT /api/pads/:slug (create)", () => {
  it("creates version 1 at a free address; the status shows the header", async () => {
    const { slug, keys, body } = await createPad();
    const status = await call("GET", `/api/pads/${slug}`);
    expect(await status.json()).toEqual({ slug, header: keys.header, version: 1 });
    const opened = await openPad(slug, keys.proof);
    expect(opened.headers.get("Content-Type")).toBe("application/octet-stream");
    expect(opened.headers.get("Content-Length")).toBe(String(body.length));
    const { json, body: bytes } = await answer(opened);
    expect(json).toEqual({
      wrappedKey: keys.wrappedKey,
      version: 1,
      size: body.length,
      device: expect.stringMatching(/^[\w-]{64}$/),
    });
    expect(bytes).toEqual(body);
    expect(await padBodyKeys(slug)).toHaveLength(1);
  });

  it("answers 409 with the current version when the address is taken", async () => {
    const { slug } = await createPad();
    const other = await padKeys(slug);
    const response = await putPad(slug, { version: 0, ...other, proof: undefined, body: randomBytes(100) });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ status: 409, version: 1 });
    expect(await padBodyKeys(slug)).toHaveLength(1);
  });

  it("answers 404 for a free address", async () => {
    const response = await call("GET", `/api/pads/${freshSlug()}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: expect.stringMatching(/free/) });
  });
});

describe("PUT /api/pads/:slug (save)", () => {
  it("saves a new version under a new key and deletes the old body", async () => {
    const { slug, keys } = await createPad();
    const [firstKey] = await padBodyKeys(slug);
    const body = randomBytes(500);
    const response = await putPad(slug, {
      version: 1,
      header: keys.header,
      wrappedKey: keys.wrappedKey,
      body,
      proof: keys.proof,
    });
    expect(await response.json()).toMatchObject({ version: 2 });
    const keysNow = await padBodyKeys(slug);
    expect(keysNow).toHaveLength(1);
    expect(keysNow[0]).not.toBe(firstKey);
    expect(keysNow[0]).toMatch(new RegExp(`^p/${slug}/2/[0-9a-f]{16}$`));
    const opened = await answer(await openPad(slug, keys.proof));
    expect(opened.json).toMatchObject({ version: 2, size: 500 });
    expect(opened.body).toEqual(body);
  });

  it("lets exactly one of 10 concurrent saves on one version win; the rest get 409 with the new version and leave no orphan", async () => {
    const { slug, keys } = await createPad();
    const bodies = Array.from({ length: 10 }, () => randomBytes(400));
    const responses = await Promise.all(
      bodies.map((body) =>
        putPad(slug, { version: 1, header: keys.header, wrappedKey: keys.wrappedKey, body, proof: keys.proof }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    for (const response of responses.filter((r) => r.status === 409))
      expect(await response.json()).toMatchObject({ version: 2 });
    const winner = bodies[statuses.indexOf(200)];
    expect(await padBodyKeys(slug)).toHaveLength(1);
    const opened = await answer(await openPad(slug, keys.proof));
    expect(opened.json).toMatchObject({ version: 2 });
    expect(opened.body).toEqual(winner);
  });

  it("refuses a stale version with 409 and changes nothing", async () => {
    const { slug, keys, body } = await createPad();
    await putPad(slug, {
      version: 1,
      header: keys.header,
      wrappedKey: keys.wrappedKey,
      body: randomBytes(200),
      proof: keys.proof,
    });
    const stale = await putPad(slug, {
      version: 1,
      header: keys.header,
      wrappedKey: keys.wrappedKey,
      body,
      proof: keys.proof,
    });
    expect(stale.status).toBe(409);
    expect((await answer(await openPad(slug, keys.proof))).json).toMatchObject({ version: 2, size: 200 });
  });

  it("changes the password by re-wrapping only: the old proof is refused, the new one opens the same body bytes", async () => {
    const { slug, keys, body } = await createPad();
    const [bodyKey] = await padBodyKeys(slug);
    const before = await padSql(slug, "SELECT expires_at FROM secret");
    const next = await padKeys(slug);
    const response = await putPad(slug, {
      version: 1,
      header: next.header,
      wrappedKey: next.wrappedKey,
      verifier: next.verifier,
      proof: keys.proof,
    });
    expect(await response.json()).toMatchObject({ version: 2 });
    // The body (and its KV backstop) is untouched, so the idle deadline must not move past it.
    expect(await padSql(slug, "SELECT expires_at FROM secret")).toEqual(before);
    expect((await openPad(slug, keys.proof)).status).toBe(403);
    const opened = await answer(await openPad(slug, next.proof));
    expect(opened.json).toMatchObject({ wrappedKey: next.wrappedKey, version: 2, size: body.length });
    expect(opened.body).toEqual(body);
    expect(await padBodyKeys(slug)).toEqual([bodyKey]);
  });

  it("refuses a save with a wrong proof (403) and stores nothing", async () => {
    const { slug, keys } = await createPad();
    const response = await putPad(slug, {
      version: 1,
      header: keys.header,
      wrappedKey: keys.wrappedKey,
      body: randomBytes(200),
      proof: toBase64Url(randomBytes(32)),
    });
    expect(response.status).toBe(403);
    expect(await padBodyKeys(slug)).toHaveLength(1);
  });
});

describe("wrong passwords on a notepad", () => {
  it("never destroy it: five free tries per client, then a doubling wait answered with 429 and Retry-After, reset by success", async () => {
    const { slug, keys } = await createPad();
    for (let i = 0; i < 5; i++) {
      const response = await openPad(slug, toBase64Url(randomBytes(32)));
      expect(response.status).toBe(403);
      expect(response.headers.get("Retry-After")).toBeNull();
    }
    const sixth = await openPad(slug, toBase64Url(randomBytes(32)));
    expect(sixth.status).toBe(403);
    expect(sixth.headers.get("Retry-After")).toBe("1");
    const locked = await openPad(slug, keys.proof);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    await padSql(slug, "UPDATE client SET wait_until = 0");
    const seventh = await openPad(slug, toBase64Url(randomBytes(32)));
    expect(seventh.headers.get("Retry-After")).toBe("2");
    await padSql(slug, "UPDATE client SET waits = 40, wait_until = 0");
    expect((await openPad(slug, toBase64Url(randomBytes(32)))).headers.get("Retry-After")).toBe("3600");
    await padSql(slug, "UPDATE client SET wait_until = 0");
    expect((await openPad(slug, keys.proof)).status).toBe(200);
    expect(await padSql(slug, "SELECT failed_proofs, locked_until, destroyed_at FROM secret")).toEqual([
      { failed_proofs: 0, locked_until: 0, destroyed_at: null },
    ]);
    expect(await padSql(slug, "SELECT * FROM client")).toEqual([]);
  });
});
