/** uploadBody against a scripted server: exact part cuts, per-part retries, refusals, cancellation. */
import { afterEach, describe, expect, it } from "vitest";
import { ciphertextLength, partSizes } from "../../crypto/parts";
import { ApiError, uploadBody } from "../../protocol/index";
import { chunked, json, pattern, type Scripted, type Seen, scripted } from "./scripted";

const ID = "AAAAAAAAAAAAAAAAAAAAAA";
const TOKEN = "manage-token";
const FAST = { backoffMs: 10 };
let server: Scripted | undefined;
afterEach(() => server?.close());

const partOf = (seen: Seen) => Number(/\/parts\/(\d+)$/.exec(seen.path)?.[1]);
const stored = (seen: Seen, parts: number[]) => ({
  part: partOf(seen),
  partsStored: partOf(seen) + 1,
  parts: parts.length,
});
/** A server that stores every part, except where `fault` answers first (it returns true when it did). */
const storing = (
  parts: number[],
  fault: (seen: Seen, calls: number, res: Parameters<typeof json>[0]) => boolean = () => false,
) => {
  const calls = new Map<number, number>();
  return scripted((seen, res) => {
    const n = partOf(seen);
    calls.set(n, (calls.get(n) ?? 0) + 1);
    if (!fault(seen, calls.get(n)!, res)) json(res, 200, { ...stored(seen, parts), complete: n === parts.length - 1 });
  });
};

describe("uploadBody", () => {
  it("PUTs each part with exactly its bytes, in order, as octet-stream with its length and the manage token", async () => {
    const size = ciphertextLength(26 * 1024 * 1024, 2);
    const parts = partSizes(size, 2);
    expect(parts.length).toBe(2);
    server = await storing(parts);
    const body = pattern(size);
    const progress: number[] = [];
    // Chunks that straddle the part boundary, as the sealing stream's records do.
    await uploadBody(server.origin, ID, TOKEN, parts, chunked(body, [65_552 * 3 + 7, 1000]), {
      onProgress: (done, total) => {
        expect(total).toBe(size);
        progress.push(done);
      },
    });
    expect(server.seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      `PUT /api/notes/${ID}/parts/0`,
      `PUT /api/notes/${ID}/parts/1`,
    ]);
    for (const [n, seen] of server.seen.entries()) {
      expect(seen.body.length).toBe(parts[n]);
      expect(seen.headers["content-length"]).toBe(String(parts[n]));
      expect(seen.headers["transfer-encoding"]).toBeUndefined();
      expect(seen.headers["content-type"]).toBe("application/octet-stream");
      expect(seen.headers.authorization).toBe(`Bearer ${TOKEN}`);
    }
    expect(Buffer.concat(server.seen.map((s) => s.body)).equals(Buffer.from(body))).toBe(true);
    expect(progress.at(-1)).toBe(size);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // Progress is heard while a part is on its way, not only when it is stored.
    expect(progress.some((done) => done > 0 && done < parts[0]!)).toBe(true);
  });

  it("retries only the part that failed: part 1 answered 503 twice is sent three times, the others once", async () => {
    const parts = [1000, 1000, 500];
    server = await storing(parts, (seen, calls, res) => {
      if (partOf(seen) !== 1 || calls > 2) return false;
      json(res, 503, { status: 503, error: "Try again." });
      return true;
    });
    const body = pattern(2500);
    await uploadBody(server.origin, ID, TOKEN, parts, chunked(body, [300]), FAST);
    expect(server.seen.map(partOf)).toEqual([0, 1, 1, 1, 2]);
    expect(
      server.seen.filter((s) => partOf(s) === 1).every((s) => s.body.equals(Buffer.from(body.slice(1000, 2000)))),
    ).toBe(true);
  });

  it("retries a part whose connection dropped, and waits as a 429's Retry-After says", async () => {
    const parts = [1000, 200];
    const times: number[] = [];
    server = await storing(parts, (seen, calls, res) => {
      times.push(Date.now());
      if (partOf(seen) === 0 && calls === 1) {
        res.destroy();
        return true;
      }
      if (partOf(seen) === 1 && calls === 1) {
        json(res, 429, { status: 429, error: "Slow down." }, { "Retry-After": "1" });
        return true;
      }
      return false;
    });
    await uploadBody(server.origin, ID, TOKEN, parts, chunked(pattern(1200), [1200]), FAST);
    expect(server.seen.map(partOf)).toEqual([0, 0, 1, 1]);
    expect(times[3]! - times[2]!).toBeGreaterThanOrEqual(950);
  });

  it("gives up on a part after 5 calls with the server's last answer", async () => {
    const parts = [1000, 200];
    server = await storing(parts, (_seen, _calls, res) => {
      json(res, 500, { status: 500, error: "Broken." });
      return true;
    });
    const error = await uploadBody(server.origin, ID, TOKEN, parts, chunked(pattern(1200), [64]), FAST).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 500, message: "Broken." });
    expect(server.seen.map(partOf)).toEqual([0, 0, 0, 0, 0]);
  });

  it("stops at once on a refusal (403): no retry, no later part", async () => {
    const parts = [1000, 1000, 500];
    server = await storing(parts, (seen, _calls, res) => {
      if (partOf(seen) !== 1) return false;
      json(res, 403, { status: 403, error: "That is not this note's manage token." });
      return true;
    });
    const error = await uploadBody(server.origin, ID, TOKEN, parts, chunked(pattern(2500), [700]), FAST).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ name: "ApiError", status: 403, message: "That is not this note's manage token." });
    expect(server.seen.map(partOf)).toEqual([0, 1]);
  });

  it("honours an AbortSignal mid-part: rejects with its reason, sends nothing more, retries nothing", async () => {
    const parts = [1000, 1000, 500];
    const controller = new AbortController();
    server = await storing(parts, (seen) => {
      // Part 1 is never answered; the client cancels while waiting for it.
      if (partOf(seen) !== 1) return false;
      controller.abort(new Error("cancelled by the person"));
      return true;
    });
    const error = await uploadBody(server.origin, ID, TOKEN, parts, chunked(pattern(2500), [500]), {
      ...FAST,
      signal: controller.signal,
    }).catch((e) => e);
    expect(error).toEqual(new Error("cancelled by the person"));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.seen.map(partOf)).toEqual([0, 1]);
  });

  it("sends nothing when the signal has already aborted", async () => {
    server = await storing([100]);
    const error = await uploadBody(server.origin, ID, TOKEN, [100], chunked(pattern(100), [100]), {
      signal: AbortSignal.abort(),
    }).catch((e) => e);
    expect(error).toMatchObject({ name: "AbortError" });
    expect(server.seen).toEqual([]);
  });

  it("refuses a body shorter than its parts without sending the short part", async () => {
    const parts = [1000, 500];
    server = await storing(parts);
    await expect(uploadBody(server.origin, ID, TOKEN, parts, chunked(pattern(1400), [700]))).rejects.toThrow(
      "The body ended before the 1500 bytes its parts were sized for.",
    );
    expect(server.seen.map(partOf)).toEqual([0]);
  });

  it("refuses a body longer than its parts before sending the last part (which would make the note readable)", async () => {
    const parts = [1000, 500];
    server = await storing(parts);
    await expect(uploadBody(server.origin, ID, TOKEN, parts, chunked(pattern(1501), [1500, 1]))).rejects.toThrow(
      "The body is longer than the 1500 bytes its parts were sized for.",
    );
    expect(server.seen.map(partOf)).toEqual([0]);
  });
});
