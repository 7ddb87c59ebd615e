// DESIGN §3 "Upgrades keep data": objects written by earlier releases (schema step 1, bodies under `n/<id>`, one KV
// value, no size) migrate in place on first use and keep opening; the step-1 layout is written with step 1's own DDL.
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "../../crypto/base64url";
import { MIGRATIONS } from "../../worker/secret-schema";
import { call, encodeJson, expectShredded, inspectNote, noteStub, randomBytes, sha256 } from "./helpers";
import { finishBody, openRaw, readBody, readOpened } from "./note-transfer";
import { openPad, padKeys, padSql, padStub, putPad } from "./pad-helpers";
import { answer } from "./pad-owner-helpers";

/** Runs step 1 of the schema and inserts `row` into `secret`, as the previous release left an object. */
function writeStepOne(stub: DurableObjectStub, row: Record<string, unknown>) {
  return runInDurableObject(stub, (_i, state) => {
    const sql = state.storage.sql;
    sql.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
    sql.exec(MIGRATIONS[0]!);
    sql.exec("INSERT INTO meta (key, value) VALUES ('schema', 1)");
    const columns = Object.keys(row);
    sql.exec(
      `INSERT INTO secret (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
      ...Object.values(row),
    );
    sql.exec("INSERT INTO event (type, at) VALUES ('created', ?)", Date.now());
  });
}

const tables = (stub: DurableObjectStub) =>
  runInDurableObject(stub, (_i, state) =>
    state.storage.sql
      .exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf%' ESCAPE '\\' ORDER BY name")
      .toArray()
      .map((r) => r.name),
  );

describe("objects written by the previous release", () => {
  it("a v1 link+password note stored under n/<id> migrates on first use and opens; the right proof clears its old count", async () => {
    const id = toBase64Url(randomBytes(16));
    const authKey = randomBytes(32);
    const body = randomBytes(300);
    await env.NOTES.put(`n/${id}`, body);
    const header = encodeJson({
      v: 1,
      kind: "note",
      id,
      kdf: { name: "PBKDF2-SHA256", iterations: 600_000, salt: toBase64Url(randomBytes(16)) },
      link: true,
      views: 2,
      ttl: 3600,
    });
    await writeStepOne(noteStub(id), {
      singleton: 1,
      kind: "note",
      body_key: `n/${id}`,
      header,
      wrapped_key: toBase64Url(randomBytes(60)),
      verifier: (await sha256(authKey)).buffer,
      manage_hash: (await sha256(randomBytes(32))).buffer,
      views_left: 2,
      expires_at: Date.now() + 3600_000,
      failed_proofs: 2,
      lockout_limit: 10,
      retention_ms: 600_000,
      created_at: Date.now(),
    });
    expect((await call("GET", `/api/notes/${id}`)).status).toBe(200);
    expect(await tables(noteStub(id))).toEqual([
      "client",
      "device",
      "doomed_body",
      "event",
      "grant",
      "meta",
      "part",
      "recent_save",
      "secret",
      "sqlite_sequence",
    ]);
    const response = await openRaw(id, toBase64Url(authKey));
    // One KV value of unknown length: streamed whole, without a Content-Length.
    expect(response.headers.get("Content-Length")).toBeNull();
    const opened = await readOpened(response, id);
    expect(opened.meta).toMatchObject({ wrappedKey: expect.any(String), viewsLeft: 1, size: null });
    expect(opened.body).toEqual(body);
    expect(await (await call("GET", `/api/notes/${id}`)).json()).toMatchObject({ size: null });
    expect((await inspectNote(id)).row).toMatchObject({
      link_verifier: null,
      body_key: `n/${id}`,
      failed_proofs: 0,
      parts: null,
      body_size: null,
    });
  });

  it("a one-time note stored as one value is held for its grant after the burn, read again whole, then deleted", async () => {
    const id = toBase64Url(randomBytes(16));
    const authKey = randomBytes(32);
    const body = randomBytes(300);
    const key = `n/${id}/0123456789abcdef`;
    await env.NOTES.put(key, body);
    await writeStepOne(noteStub(id), {
      singleton: 1,
      kind: "note",
      body_key: key,
      header: encodeJson({ v: 1, kind: "note", id, kdf: null, link: true, views: 1, ttl: 3600 }),
      wrapped_key: toBase64Url(randomBytes(60)),
      verifier: (await sha256(authKey)).buffer,
      manage_hash: (await sha256(randomBytes(32))).buffer,
      views_left: 1,
      expires_at: Date.now() + 3600_000,
      lockout_limit: 10,
      retention_ms: 600_000,
      created_at: Date.now(),
    });
    const opened = await readOpened(await openRaw(id, toBase64Url(authKey)));
    expect(opened.body).toEqual(body);
    // Its size is unknown, so a range cannot be served: the whole body comes again.
    const again = await readBody(id, opened.meta!.grant, "bytes=100-");
    expect(again.status).toBe(200);
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(body);
    expect(await env.NOTES.get(key)).not.toBeNull();
    expect((await finishBody(id, opened.meta!.grant)).status).toBe(204);
    await expectShredded(id, "burned");
  });

  it("a notepad migrates on first use: it opens (handing out a device), saves and keeps its version", async () => {
    const slug = `upgrade-${Date.now().toString(36)}`;
    const keys = await padKeys(slug);
    const key = `p/${slug}/3/0123456789abcdef`;
    const body = randomBytes(300);
    await env.NOTES.put(key, body);
    await writeStepOne(padStub(slug), {
      singleton: 1,
      kind: "pad",
      body_key: key,
      header: keys.header,
      wrapped_key: keys.wrappedKey,
      verifier: fromBase64Url(keys.verifier)!.slice().buffer,
      expires_at: Date.now() + 86400_000,
      lockout_limit: 0,
      retention_ms: 0,
      version: 3,
      created_at: Date.now(),
      failed_proofs: 4,
      locked_until: 0,
    });
    const opened = await answer(await openPad(slug, keys.proof));
    expect(opened.json).toEqual({ wrappedKey: keys.wrappedKey, version: 3, size: null, device: expect.any(String) });
    expect(opened.body).toEqual(body);
    const saved = await putPad(slug, {
      version: 3,
      header: keys.header,
      wrappedKey: keys.wrappedKey,
      body: randomBytes(300),
      proof: keys.proof,
      device: opened.json.device,
    });
    expect(await saved.json()).toEqual({ version: 4 });
    expect(await padSql(slug, "SELECT value FROM meta WHERE key = 'schema'")).toEqual([{ value: MIGRATIONS.length }]);
  });
});
