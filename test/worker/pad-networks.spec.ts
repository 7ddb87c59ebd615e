// What an IPv6 network is to a notepad (docs/API.md, "Notepads"): waits are per /64; a /48 shares only the five free
// wrong passwords of its /64s, and the pad-wide wait is what bounds a /48 that rotates its /64s.
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { randomBytes } from "./helpers";
import { createPad, openPad, padSql } from "./pad-helpers";

const wrong = () => toBase64Url(randomBytes(32));
/** An address in the /64 number `n` of one /48. */
const in48 = (n: number) => `2001:db8:77:${n.toString(16)}::1`;

describe("wrong passwords on a notepad from an IPv6 /48", () => {
  it("share the /48's five free ones among its /64s, then make only the /64 that guessed wrong wait", async () => {
    const { slug, keys } = await createPad();
    for (let n = 1; n <= 5; n++) {
      const response = await openPad(slug, wrong(), undefined, in48(n));
      expect(response.status).toBe(403);
      expect(response.headers.get("Retry-After")).toBeNull();
    }
    // A sixth /64 has no free ones left: its first wrong password starts its own wait.
    expect((await openPad(slug, wrong(), undefined, in48(6))).headers.get("Retry-After")).toBe("1");
    await padSql(slug, "UPDATE client SET wait_until = wait_until + 60000 WHERE wait_until > 0");
    expect((await openPad(slug, keys.proof, undefined, in48(6))).status).toBe(429);
    // Another /64 of the same /48 (a new device of the owner's, say) is not held by its neighbour's wait.
    expect((await openPad(slug, keys.proof, undefined, in48(7))).status).toBe(200);
  });

  it("let a /48 that rotates its /64s guess no faster than the pad-wide wait: 20, then one per 5 s at most", async () => {
    const { slug, keys } = await createPad();
    const waits: (number | null)[] = [];
    for (let n = 1; waits.length < 26; n++) {
      const response = await openPad(slug, wrong(), undefined, in48(n));
      if (response.status === 429) {
        // Only the pad-wide wait stops a fresh /64; let it pass rather than sleep through it.
        expect(Number(response.headers.get("Retry-After"))).toBeLessThanOrEqual(5);
        await padSql(slug, "UPDATE secret SET locked_until = 0");
        continue;
      }
      expect(response.status).toBe(403);
      const retryAfter = response.headers.get("Retry-After");
      waits.push(retryAfter === null ? null : Number(retryAfter));
    }
    // Each fresh /64 after the shared five waits 1 s for itself; past 20 in all, the pad-wide wait takes over.
    expect(waits).toEqual([...Array<null>(5).fill(null), ...Array<number>(15).fill(1), 1, 2, 4, 5, 5, 5]);
    const owner = await openPad(slug, keys.proof, undefined, in48(1000));
    expect(owner.status).toBe(429);
    expect(Number(owner.headers.get("Retry-After"))).toBeLessThanOrEqual(5);
  });
});
