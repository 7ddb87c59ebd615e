/** A notepad's end: deleted with its password, or left idle past PAD_IDLE_DAYS and destroyed by its alarm. */
import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { call, randomBytes } from "./helpers";
import { createPad, padBodyKeys, padSql, padStub, putPad } from "./pad-helpers";

describe("notepad destruction", () => {
  it("deletes with the proof: wrapped key gone, body gone, address free again", async () => {
    const { slug, keys } = await createPad();
    expect((await call("DELETE", `/api/pads/${slug}`, { json: { proof: toBase64Url(randomBytes(32)) } })).status).toBe(
      403,
    );
    expect((await call("DELETE", `/api/pads/${slug}`, { json: { proof: keys.proof } })).status).toBe(204);
    // A pad keeps no receipt (retention 0), so its alarm may already have erased the shredded row: either state is fine.
    const rows = await padSql(slug, "SELECT wrapped_key, verifier, reason FROM secret");
    expect([[], [{ wrapped_key: null, verifier: null, reason: "deleted" }]]).toContainEqual(rows);
    expect(await padBodyKeys(slug)).toEqual([]);
    expect((await call("GET", `/api/pads/${slug}`)).status).toBe(404);
    await runDurableObjectAlarm(padStub(slug));
    expect(await padSql(slug, "SELECT * FROM secret")).toEqual([]);
    await createPad(slug);
  });

  it("destroys a pad left idle for PAD_IDLE_DAYS through its alarm; each save pushes the deadline back", async () => {
    const { slug, keys } = await createPad();
    const expiry = async () =>
      ((await padSql(slug, "SELECT expires_at FROM secret")) as { expires_at: number }[])[0]!.expires_at;
    const first = await expiry();
    expect(first).toBeGreaterThan(Date.now() + 364 * 86400_000);
    await new Promise((r) => setTimeout(r, 5));
    await putPad(slug, {
      version: 1,
      header: keys.header,
      wrappedKey: keys.wrappedKey,
      body: randomBytes(200),
      proof: keys.proof,
    });
    expect(await expiry()).toBeGreaterThan(first);
    await padSql(slug, "UPDATE secret SET expires_at = ?", Date.now() - 1);
    expect(await runDurableObjectAlarm(padStub(slug))).toBe(true);
    expect(await padBodyKeys(slug)).toEqual([]);
    expect((await call("GET", `/api/pads/${slug}`)).status).toBe(404);
  });
});
