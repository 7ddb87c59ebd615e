// GET /healthz tells a monitor whether KV and Durable Objects answer, without touching a note.
import { env, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { callFaulty, HANG_DEADLINE_MS, request, type StorageCall } from "./faults";
import { call } from "./helpers";

const healthObject = () => env.NOTE_OBJECT.get(env.NOTE_OBJECT.idFromName("healthz"));

afterEach(() => vi.restoreAllMocks());

describe("GET /healthz", () => {
  it("answers 200 with each check timed when KV and the Durable Object answer", async () => {
    const response = await call("GET", "/healthz");
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.json()).toEqual({
      status: "ok",
      instance: "hushnote",
      warnings: [],
      checks: {
        kv: { ok: true, ms: expect.any(Number) },
        durableObjects: { ok: true, ms: expect.any(Number) },
      },
    });
  });

  it("reads one KV key and pings one object named healthz, and nothing else", async () => {
    const calls: StorageCall[] = [];
    expect((await callFaulty([], request("GET", "/healthz"), calls)).status).toBe(200);
    expect(calls).toEqual([
      { binding: "NOTES", method: "get" },
      { binding: "NOTE_OBJECT", method: "ping" },
    ]);
  });

  it("leaves the pinged object without a single table: ping reads and writes no storage", async () => {
    for (let i = 0; i < 3; i++) expect((await call("GET", "/healthz")).status).toBe(200);
    const tables = await runInDurableObject(healthObject(), (_instance, state) =>
      state.storage.sql.exec("SELECT name FROM sqlite_master").toArray(),
    );
    expect(tables).toEqual([]);
  });

  it("answers HEAD as GET, and 405 to other methods", async () => {
    const head = await call("HEAD", "/healthz");
    expect(head.status).toBe(200);
    expect((await call("POST", "/healthz")).status).toBe(405);
  });

  it("answers 503 with Retry-After when KV fails, naming the failed check's error class and logging it", async () => {
    const warn = vi.spyOn(console, "warn");
    const response = await callFaulty(
      { binding: "NOTES", method: "get", mode: "fail-before" },
      request("GET", "/healthz"),
    );
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    expect(await response.json()).toEqual({
      status: "unavailable",
      error: "KV did not answer.",
      instance: "hushnote",
      warnings: [],
      checks: {
        kv: { ok: false, ms: expect.any(Number), error: "Error" },
        durableObjects: { ok: true, ms: expect.any(Number) },
      },
    });
    expect(warn.mock.calls.map(([line]) => line)).toContain(
      JSON.stringify({ event: "storage.unavailable", binding: "NOTES", method: "get", kind: "Error" }),
    );
  });

  it("answers 503 within the deadline when the Durable Object does not answer", async () => {
    const started = Date.now();
    const response = await callFaulty(
      { binding: "NOTE_OBJECT", method: "ping", mode: "hang" },
      request("GET", "/healthz"),
    );
    expect(Date.now() - started).toBeLessThan(HANG_DEADLINE_MS + 2000);
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    expect(await response.json()).toMatchObject({
      status: "unavailable",
      error: "Durable Objects did not answer.",
      checks: { kv: { ok: true }, durableObjects: { ok: false, error: "StorageTimeout" } },
    });
  });

  it("answers 503 naming both when neither answers (an overloaded object)", async () => {
    const response = await callFaulty(
      [
        { binding: "NOTES", method: "get", mode: "fail-before" },
        { binding: "NOTE_OBJECT", method: "ping", mode: "overloaded" },
      ],
      request("GET", "/healthz"),
    );
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      error: "KV and Durable Objects did not answer.",
      checks: { kv: { ok: false }, durableObjects: { ok: false, error: "Error" } },
    });
  });
});

describe("GET /healthz from one address", () => {
  it("is rate limited like the other reads that touch storage, and a refused probe touches none", async () => {
    const headers = { "CF-Connecting-IP": "203.0.113.77" };
    const statuses: number[] = [];
    for (let i = 0; i < 130; i++) statuses.push((await call("GET", "/healthz", { headers })).status);
    expect(statuses).toContain(429);
    const calls: StorageCall[] = [];
    expect((await callFaulty([], request("GET", "/healthz", { headers }), calls)).status).toBe(429);
    expect(calls).toEqual([]);
  });
});
