/** readAhead: the download's look-ahead keeps order, stays within its bound, passes errors on and stops its source. */
import { describe, expect, it } from "vitest";
import { readAhead } from "../../protocol/read-ahead";

const chunk = (n: number) => new Uint8Array(1000).fill(n);

describe("readAhead", () => {
  it("yields every chunk in order", async () => {
    async function* source() {
      for (let i = 0; i < 50; i++) yield chunk(i);
    }
    const seen: number[] = [];
    for await (const c of readAhead(source(), 3000)) seen.push(c[0]!);
    expect(seen).toEqual([...Array(50).keys()]);
  });

  it("fetches ahead of a slow consumer, but never more than its bound", async () => {
    let pulled = 0;
    async function* source() {
      for (let i = 0; i < 40; i++) {
        pulled++;
        yield chunk(i);
      }
    }
    let consumed = 0;
    let mostAhead = 0;
    for await (const _ of readAhead(source(), 5000)) {
      consumed++;
      await new Promise((resolve) => setTimeout(resolve, 2));
      mostAhead = Math.max(mostAhead, pulled - consumed);
    }
    expect(consumed).toBe(40);
    expect(mostAhead).toBeGreaterThanOrEqual(3);
    expect(mostAhead).toBeLessThanOrEqual(6);
  });

  it("hands over what arrived before a failure, then the failure", async () => {
    async function* source() {
      yield chunk(1);
      yield chunk(2);
      throw new Error("connection reset");
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const c of readAhead(source(), 10_000)) seen.push(c[0]!);
      })(),
    ).rejects.toThrow("connection reset");
    expect(seen).toEqual([1, 2]);
  });

  it("stops its source when the consumer stops early", async () => {
    let closed = false;
    async function* source() {
      try {
        for (let i = 0; ; i++) yield chunk(i);
      } finally {
        closed = true;
      }
    }
    for await (const c of readAhead(source(), 3000)) if (c[0] === 5) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(closed).toBe(true);
  });
});
