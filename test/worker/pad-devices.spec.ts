/** Notepad device credentials: counted per device, bound to one pad, revoked by a password change, kept for 20. */
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { call, randomBytes } from "./helpers";
import { createPad, openPad, padSql, putPad } from "./pad-helpers";
import { addressesIn, answer, startOfWindow, wrong } from "./pad-owner-helpers";

const freshIp = addressesIn(1);

describe("notepad device credentials", () => {
  it("counts a known device's wrong passwords against that device only: it waits, nobody else does", async () => {
    const { slug, keys, device } = await createPad();
    for (let i = 0; i < 5; i++) expect((await openPad(slug, wrong(), device)).status).toBe(403);
    const sixth = await openPad(slug, wrong(), device);
    expect(sixth.headers.get("Retry-After")).toBe("1");
    expect((await openPad(slug, keys.proof, device)).status).toBe(429);
    // The device's mistakes lock out no client and no other device.
    expect((await openPad(slug, keys.proof, undefined, freshIp())).status).toBe(200);
    expect(await padSql(slug, "SELECT failed_proofs, locked_until FROM secret")).toEqual([
      { failed_proofs: 0, locked_until: 0 },
    ]);
    expect(await padSql(slug, "SELECT count(*) AS n FROM client")).toEqual([{ n: 0 }]);
  });

  it("is refused when forged or malformed: a made-up credential is no device (and never a 5xx)", async () => {
    const { slug, keys } = await createPad();
    const ip = freshIp();
    for (let i = 0; i < 6; i++) await openPad(slug, wrong(), toBase64Url(randomBytes(48)), ip);
    // Six wrong proofs with forged credentials counted against the address, which now waits.
    expect((await openPad(slug, keys.proof, toBase64Url(randomBytes(48)), ip)).status).toBe(429);
    for (const bad of ["short", toBase64Url(randomBytes(32)), 42]) {
      const response = await openPad(slug, keys.proof, bad as string, freshIp());
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: expect.stringMatching(/"device"/) });
    }
  });

  it("give pad A's credential no help on pad B: B's network waits still apply, and B hands out its own", async () => {
    const a = await createPad();
    const b = await createPad();
    const ip = freshIp();
    for (let i = 0; i < 5; i++) expect((await openPad(b.slug, wrong(), a.device, ip)).status).toBe(403);
    expect((await openPad(b.slug, wrong(), a.device, ip)).headers.get("Retry-After")).toBe("1");
    // Counted against the network, as for a caller without a device; a minute more so the test never races the wait.
    expect(await padSql(b.slug, "SELECT count(*) AS n FROM device WHERE failures > 0")).toEqual([{ n: 0 }]);
    await padSql(b.slug, "UPDATE client SET wait_until = wait_until + 60000");
    expect((await openPad(b.slug, b.keys.proof, a.device, ip)).status).toBe(429);
    const elsewhere = await answer(await openPad(b.slug, b.keys.proof, a.device, freshIp()));
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.json.device).toMatch(/^[\w-]{64}$/);
    expect(elsewhere.json.device).not.toBe(a.device);
    // B's own credential spares its holder the network's wait; A's still does not, and still works on A.
    expect((await openPad(b.slug, b.keys.proof, elsewhere.json.device as string, ip)).status).toBe(200);
    expect((await openPad(b.slug, b.keys.proof, a.device, ip)).status).toBe(429);
    expect((await answer(await openPad(a.slug, a.keys.proof, a.device, ip))).json.device).toBeUndefined();
  });

  it("give pad A's credential no rate-limit lane on pad B once the network's limit is used up", async () => {
    const a = await createPad();
    const b = await createPad();
    const own = (await answer(await openPad(b.slug, b.keys.proof, undefined, freshIp()))).json.device as string;
    const ip = freshIp();
    await startOfWindow();
    // 100 reads per 10 s per address: use them up on B's public status.
    for (let i = 0; i < 100; i++) await call("GET", `/api/pads/${b.slug}`, { headers: { "CF-Connecting-IP": ip } });
    expect((await openPad(b.slug, b.keys.proof, undefined, ip)).status).toBe(429);
    expect((await openPad(b.slug, b.keys.proof, a.device, ip)).status).toBe(429);
    expect((await openPad(b.slug, b.keys.proof, own, ip)).status).toBe(200);
  });

  it("are all revoked by a password change; the changer gets a new one", async () => {
    const { slug, keys, device } = await createPad();
    const other = (await answer(await openPad(slug, keys.proof))).json.device as string;
    expect(await padSql(slug, "SELECT count(*) AS n FROM device")).toEqual([{ n: 2 }]);
    const next = (await import("./pad-helpers")).padKeys;
    const fresh = await next(slug);
    const changed = await answer(
      await putPad(slug, {
        version: 1,
        header: fresh.header,
        wrappedKey: fresh.wrappedKey,
        verifier: fresh.verifier,
        proof: keys.proof,
        device,
      }),
    );
    expect(changed.json).toEqual({ version: 2, device: expect.stringMatching(/^[\w-]{64}$/) });
    expect(changed.json.device).not.toBe(device);
    expect(await padSql(slug, "SELECT count(*) AS n FROM device")).toEqual([{ n: 1 }]);
    // The old credential is no device any more: a right password with it is handed a new one.
    const reopened = await answer(await openPad(slug, fresh.proof, other));
    expect(reopened.json.device).toMatch(/^[\w-]{64}$/);
  });

  it("are kept for the 20 most recently used devices only", async () => {
    const { slug, keys, device } = await createPad();
    for (let i = 0; i < 20; i++) expect((await openPad(slug, keys.proof)).status).toBe(200);
    expect(await padSql(slug, "SELECT count(*) AS n FROM device")).toEqual([{ n: 20 }]);
    // The creator's device was the least recently used: it is forgotten, so it is handed a new credential.
    expect((await answer(await openPad(slug, keys.proof, device))).json.device).toMatch(/^[\w-]{64}$/);
  });

  it("are erased with the pad when it is deleted", async () => {
    const { slug, keys, device } = await createPad();
    await openPad(slug, wrong(), undefined, freshIp());
    expect((await call("DELETE", `/api/pads/${slug}`, { json: { proof: keys.proof, device } })).status).toBe(204);
    expect(
      await padSql(slug, "SELECT (SELECT count(*) FROM device) AS devices, (SELECT count(*) FROM client) AS clients"),
    ).toEqual([{ devices: 0, clients: 0 }]);
  });
});
