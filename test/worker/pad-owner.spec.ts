// Issue 11, item 2: a notepad's owner survives any lockout. Failures count per network and per known device, the
// pad-wide wait lasts seconds, and a device that opened the pad before gets in with the right password, always.
import { describe, expect, it } from "vitest";
import { randomBytes } from "./helpers";
import { createPad, openPad, padSql, putPad } from "./pad-helpers";
import { addressesIn, answer, sleep, wrong } from "./pad-owner-helpers";

const freshIp = addressesIn(0);

describe("a notepad under attack from its owner's own address", () => {
  it("opens and saves for the owner's known device every time, within seconds, while wrong proofs pour in from the same address", async () => {
    const { slug, keys } = await createPad();
    const shared = freshIp();
    const first = await answer(await openPad(slug, keys.proof, undefined, shared));
    expect(first.status).toBe(200);
    const device = first.json.device as string;

    // The attacker: concurrent loops of wrong proofs, on open and on save, from the owner's address, until told to stop.
    let attacking = true;
    const attackerStatuses: number[] = [];
    const attack = async (save: boolean) => {
      while (attacking) {
        const response = save
          ? await putPad(slug, { version: 1, body: randomBytes(64), proof: wrong() }, shared)
          : await openPad(slug, wrong(), undefined, shared);
        attackerStatuses.push(response.status);
        await response.arrayBuffer();
        // Yield to the event loop (not a pause): in-process calls can resolve without ever letting a timer run.
        await sleep(0);
      }
    };
    const loops = [attack(false), attack(false), attack(true), attack(true)];

    let version = 1;
    for (let round = 0; round < 6; round++) {
      await sleep(400);
      const started = Date.now();
      const opened = await answer(await openPad(slug, keys.proof, device, shared));
      expect(opened.status, JSON.stringify(opened.json)).toBe(200);
      // A known device is not handed a new credential.
      expect(opened.json.device).toBeUndefined();
      const body = randomBytes(300);
      const saved = await answer(await putPad(slug, { version, body, proof: keys.proof, device }, shared));
      expect(saved.status, JSON.stringify(saved.json)).toBe(200);
      expect(saved.json).toEqual({ version: ++version });
      expect(Date.now() - started).toBeLessThan(3000);
    }

    // The owner on another device (no credential), from another address, gets in too, and is given a credential.
    const elsewhere = await answer(await openPad(slug, keys.proof, undefined, freshIp()));
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.json.device).toMatch(/^[\w-]{64}$/);

    attacking = false;
    await Promise.all(loops);
    expect(attackerStatuses.length).toBeGreaterThan(50);
    expect(attackerStatuses).toContain(429);
    expect(attackerStatuses.every((s) => s === 403 || s === 429)).toBe(true);
    expect(await padSql(slug, "SELECT version, destroyed_at FROM secret")).toEqual([{ version, destroyed_at: null }]);
  });
});

describe("the pad-wide wait", () => {
  it("begins after 20 wrong passwords from many addresses, never exceeds 5 s, and never stops a known device", async () => {
    const { slug, keys, device } = await createPad();
    const waits: (number | null)[] = [];
    while (waits.length < 26) {
      const response = await openPad(slug, wrong(), undefined, freshIp());
      if (response.status === 429) {
        // Inside the pad-wide wait every proof is refused unchecked; let it pass rather than sleep through it.
        expect(Number(response.headers.get("Retry-After"))).toBeLessThanOrEqual(5);
        await padSql(slug, "UPDATE secret SET locked_until = 0");
        continue;
      }
      expect(response.status).toBe(403);
      const retryAfter = response.headers.get("Retry-After");
      waits.push(retryAfter === null ? null : Number(retryAfter));
    }
    expect(waits).toEqual([...Array<null>(20).fill(null), 1, 2, 4, 5, 5, 5]);
    const stranger = await openPad(slug, keys.proof, undefined, freshIp());
    expect(stranger.status).toBe(429);
    expect(Number(stranger.headers.get("Retry-After"))).toBeLessThanOrEqual(5);
    expect((await openPad(slug, keys.proof, device, freshIp())).status).toBe(200);
    // The owner's right password reset the pad-wide count.
    expect(await padSql(slug, "SELECT failed_proofs, locked_until FROM secret")).toEqual([
      { failed_proofs: 0, locked_until: 0 },
    ]);
  });
});
