// Issue 11, item 9: IPv6 limits by /64 and /48, a loud warning without RATE_LIMIT_SECRET, and an alarm() that never
// lets the runtime's retries run out.
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { addressPrefix, clientKeys, coarsePrefix } from "../../worker/rate-limit";
import { call, callWith, createNote, inspectNote, noteBodyKeys, noteStub, openNote } from "./helpers";

afterEach(() => vi.restoreAllMocks());

/** The emulated limiter counts in fixed 10 s windows; start a burst early in one so it cannot straddle two. */
async function startOfWindow() {
  const left = 10_000 - (Date.now() % 10_000);
  if (left < 8_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

describe("IPv6 rate limits", () => {
  it("names a client by its /64 and its network by its /48", () => {
    expect(addressPrefix("2001:db8:a:1:aaaa::1")).toBe("2001:db8:a:1");
    expect(coarsePrefix("2001:db8:a:1:aaaa::1")).toBe("2001:db8:a/48");
    expect(coarsePrefix("2001:db8::1")).toBe("2001:db8:0/48");
    expect(coarsePrefix("203.0.113.9")).toBeNull();
    expect(coarsePrefix("::ffff:203.0.113.9")).toBeNull();
  });

  it("gives the objects one key for IPv4 and two for IPv6, the /48's shared by its /64s", async () => {
    const keys = (ip: string) => clientKeys(new Request("https://x/", { headers: { "CF-Connecting-IP": ip } }), env);
    expect(await keys("203.0.113.9")).toHaveLength(1);
    const [a64, a48] = await keys("2001:db8:b:1::1");
    const [b64, b48] = await keys("2001:db8:b:2::1");
    expect(a64).not.toBe(b64);
    expect(a48).toBe(b48);
    expect(await keys("2001:db8:b:1:ffff::9")).toEqual([a64, a48]);
  });

  it("refuses a /48 whose /64s together read more than 4× one client's allowance, while other /48s read on", async () => {
    // A malformed id is refused (400) after the limit is counted and before any object is asked: the cheapest read.
    const read = (ip: string) => call("GET", "/api/notes/not-an-id", { headers: { "CF-Connecting-IP": ip } });
    await startOfWindow();
    const shared: number[] = [];
    const spread: number[] = [];
    for (let i = 0; i < 90; i++) {
      const round = await Promise.all([1, 2, 3, 4, 5].map((n) => read(`2001:db8:48:${n}::1`)));
      shared.push(...round.map((r) => r.status));
      spread.push((await read(`2001:db8:${(0x4800 + (i % 5)).toString(16)}:1::1`)).status);
    }
    // 450 reads from five /64s, each within its own 100: the /48's 400 refuses the rest.
    expect(shared.filter((s) => s === 429).length).toBe(50);
    expect(shared.filter((s) => s === 400).length).toBe(400);
    expect(spread.every((s) => s === 400)).toBe(true);
  });
});

describe("an instance without RATE_LIMIT_SECRET", () => {
  const unset = { HUSHNOTE_DEV: "", RATE_LIMIT_SECRET: "" };
  const insecureLines = (spy: { mock: { calls: unknown[][] } }) =>
    spy.mock.calls.filter(([line]) => String(line).includes('"worker.insecure_config"'));

  it("logs worker.insecure_config at every request, and /healthz lists the warning", async () => {
    const warn = vi.spyOn(console, "warn");
    const health = (await (await callWith(unset, "GET", "/healthz")).json()) as { status: string; warnings: string[] };
    expect(health).toMatchObject({
      status: "ok",
      instance: "hushnote",
      warnings: [expect.stringMatching(/^RATE_LIMIT_SECRET is not set/)],
    });
    await callWith(unset, "GET", "/api/config");
    await callWith(unset, "GET", "/api/nothing");
    expect(insecureLines(warn)).toHaveLength(3);
  });

  it("is quiet with the secret set, and in local development (HUSHNOTE_DEV=true, set by npm start)", async () => {
    const warn = vi.spyOn(console, "warn");
    expect(await (await callWith({ ...unset, RATE_LIMIT_SECRET: "s3cret" }, "GET", "/healthz")).json()).toMatchObject({
      warnings: [],
    });
    expect(await (await callWith({ HUSHNOTE_DEV: "true" }, "GET", "/healthz")).json()).toMatchObject({ warnings: [] });
    expect(insecureLines(warn)).toHaveLength(0);
  });
});

/** A KV whose every call fails, as during an outage. */
const brokenKv = new Proxy({}, { get: () => () => Promise.reject(new Error("KV is down")) }) as KVNamespace;
type Swappable = { env: Env; purge(): Promise<void> };

describe("alarm()", () => {
  it("never throws when KV does: the delete is logged, kept for later, and the alarm set again; then it finishes", async () => {
    const note = await createNote({ ttl: 300 });
    const stub = noteStub(note.id);
    const log = vi.spyOn(console, "log");
    await runInDurableObject(stub, (instance, state) => {
      state.storage.sql.exec("UPDATE secret SET expires_at = 0");
      const swappable = instance as unknown as Swappable;
      swappable.env = { ...swappable.env, NOTES: brokenKv };
    });
    const before = Date.now();
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(log.mock.calls.some(([line]) => String(line).includes('"body.delete_failed"'))).toBe(true);
    const { row, doomed } = await inspectNote(note.id);
    expect(row).toMatchObject({ reason: "expired", wrapped_key: null });
    expect(doomed).toHaveLength(1);
    const alarm = await runInDurableObject(stub, (_i, state) => state.storage.getAlarm());
    expect(alarm).toBeGreaterThanOrEqual(before + 60_000);
    expect(await noteBodyKeys(note.id)).toHaveLength(1);

    await runInDurableObject(stub, (instance) => {
      (instance as unknown as Swappable).env = env;
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await inspectNote(note.id)).doomed).toEqual([]);
    expect(await noteBodyKeys(note.id)).toEqual([]);
  });

  it("catches any other failure, logs alarm.failed and sets itself again, so retention still ends", async () => {
    const note = await createNote();
    await openNote(note.id, note.proof);
    const stub = noteStub(note.id);
    const log = vi.spyOn(console, "log");
    await runInDurableObject(stub, (instance, state) => {
      state.storage.sql.exec("UPDATE secret SET destroyed_at = 0");
      (instance as unknown as Swappable).purge = () => Promise.reject(new Error("storage hiccup"));
    });
    const before = Date.now();
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(
      log.mock.calls.some(([line]) => String(line) === '{"event":"alarm.failed","kind":"Error","retryInSeconds":60}'),
    ).toBe(true);
    expect(await runInDurableObject(stub, (_i, state) => state.storage.getAlarm())).toBeGreaterThanOrEqual(
      before + 60_000,
    );
    await runInDurableObject(stub, (instance) => {
      delete (instance as unknown as Partial<Swappable>).purge;
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await inspectNote(note.id)).row).toBeNull();
  });
});
