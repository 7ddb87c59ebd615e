/** Opening a notepad: the body as octet-stream straight from KV, its metadata in Hushnote-Open; older pads too. */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { MIGRATIONS } from "../../worker/secret-schema";
import { call, callWith, randomBytes, sha256, spyKv } from "./helpers";
import { createPad, freshSlug, openPad, padBodyKeys, padKeys, padSql, padStub, putPad } from "./pad-helpers";
import { answer, wrong } from "./pad-owner-helpers";

/** A pad as the previous release (schema step 2) left it: its body in KV and no recorded size. */
async function previousReleasePad(slug: string, authKey: Uint8Array, body: Uint8Array) {
  const keys = await padKeys(slug);
  const bodyKey = `p/${slug}/1/0123456789abcdef`;
  await env.NOTES.put(bodyKey, body);
  const verifier = (await sha256(authKey)).buffer;
  await runInDurableObject(padStub(slug), (_i, state) => {
    const sql = state.storage.sql;
    sql.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
    for (const step of MIGRATIONS.slice(0, 2)) sql.exec(step);
    sql.exec("INSERT INTO meta (key, value) VALUES ('schema', 2)");
    sql.exec(
      `INSERT INTO secret (singleton, kind, body_key, header, wrapped_key, verifier, views_left, expires_at,
         lockout_limit, retention_ms, version, created_at) VALUES (1, 'pad', ?, ?, ?, ?, NULL, ?, 0, 0, 1, ?)`,
      bodyKey,
      keys.header,
      keys.wrappedKey,
      verifier,
      Date.now() + 86400_000,
      Date.now(),
    );
    sql.exec("INSERT INTO event (type, at) VALUES ('created', ?)", Date.now());
  });
  return { ...keys, proof: toBase64Url(authKey), bodyKey };
}

describe("POST /api/pads/:slug/open", () => {
  it("answers the body as octet-stream with its length, and wrappedKey, version, size and device in Hushnote-Open", async () => {
    const { slug, keys, body } = await createPad();
    const response = await openPad(slug, keys.proof);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/octet-stream");
    expect(response.headers.get("Content-Length")).toBe(String(body.length));
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const meta = response.headers.get("Hushnote-Open")!;
    expect(meta).toMatch(/^[\x20-\x7e]+$/);
    expect(JSON.parse(meta)).toEqual({
      wrappedKey: keys.wrappedKey,
      version: 1,
      size: body.length,
      device: expect.stringMatching(/^[\w-]{64}$/),
    });
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(body);
  });

  it("reads nothing from KV for a wrong proof, and answers JSON errors as before", async () => {
    const { slug } = await createPad();
    const spy = spyKv();
    const response = await callWith({ NOTES: spy.kv }, "POST", `/api/pads/${slug}/open`, { json: { proof: wrong() } });
    expect(response.status).toBe(403);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(response.headers.get("Hushnote-Open")).toBeNull();
    await response.arrayBuffer();
    expect(spy.calls).toEqual([]);
  });

  it("answers 503 with Retry-After when the body has not reached this location, and changes nothing", async () => {
    const { slug, keys } = await createPad();
    const [key] = await padBodyKeys(slug);
    const body = new Uint8Array((await env.NOTES.get(key!, "arrayBuffer"))!);
    await env.NOTES.delete(key!);
    const missing = await answer(await openPad(slug, keys.proof));
    expect(missing).toMatchObject({ status: 503, retryAfter: "2", body: null });
    await env.NOTES.put(key!, body);
    const opened = await answer(await openPad(slug, keys.proof));
    expect(opened.status).toBe(200);
    expect(opened.body).toEqual(body);
  });
});

describe("a notepad saved by the previous release (no recorded body size)", () => {
  it("opens without a Content-Length and size null, and records the size of its next save", async () => {
    const slug = freshSlug();
    const body = randomBytes(700);
    const old = await previousReleasePad(slug, randomBytes(32), body);
    const response = await openPad(slug, old.proof);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Length")).toBeNull();
    const opened = await answer(response);
    expect(opened.json).toEqual({ wrappedKey: old.wrappedKey, version: 1, size: null, device: expect.any(String) });
    expect(opened.body).toEqual(body);
    expect(await padSql(slug, "SELECT body_size FROM secret")).toEqual([{ body_size: null }]);

    const next = randomBytes(900);
    const saved = await putPad(slug, { version: 1, proof: old.proof, device: opened.json.device, body: next });
    expect(await saved.json()).toEqual({ version: 2 });
    expect(await padSql(slug, "SELECT body_size FROM secret")).toEqual([{ body_size: 900 }]);
    expect(await padBodyKeys(slug)).not.toContain(old.bodyKey);
    const reopened = await openPad(slug, old.proof, opened.json.device as string);
    expect(reopened.headers.get("Content-Length")).toBe("900");
    expect((await answer(reopened)).body).toEqual(next);
  });

  it("keeps its size null through a password change, which leaves the body alone", async () => {
    const slug = freshSlug();
    const body = randomBytes(700);
    const old = await previousReleasePad(slug, randomBytes(32), body);
    const next = await padKeys(slug);
    const changed = await call("PUT", `/api/pads/${slug}`, {
      json: { version: 1, proof: old.proof, header: next.header, wrappedKey: next.wrappedKey, verifier: next.verifier },
    });
    expect(changed.status).toBe(200);
    const opened = await answer(await openPad(slug, next.proof));
    expect(opened.json).toMatchObject({ version: 2, size: null });
    expect(opened.body).toEqual(body);
  });
});
