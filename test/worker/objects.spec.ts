// The Durable Objects through their RPC methods and storage: the ready → transaction → settle shape every method
// shares (create included), the typed live row, and an alarm that is safe to run twice.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { randomBytes } from "./helpers";
import { alarmOf, buffer, freshNote, noteInput, readerProof, sql } from "./object-setup";

describe("NoteObject.create()", () => {
  it("settles like every other method: the alarm is set for the note's expiry", async () => {
    const stub = freshNote();
    const created = await stub.create(await noteInput(randomBytes(32)));
    expect(created.created).toBe(true);
    if (!created.created) return;
    expect(await alarmOf(stub)).toBe(created.expiresAt);
  });

  it("refuses an id in use and leaves the first note, its events and its alarm untouched", async () => {
    const stub = freshNote();
    const first = await stub.create(await noteInput(randomBytes(32)));
    const before = await sql(stub, "SELECT * FROM secret");
    expect(await stub.create({ ...(await noteInput(randomBytes(32))), ttlSeconds: 60 })).toEqual({ created: false });
    expect(await sql(stub, "SELECT * FROM secret")).toEqual(before);
    expect(await sql(stub, "SELECT type FROM event")).toEqual([{ type: "created" }]);
    expect(await alarmOf(stub)).toBe(first.created ? first.expiresAt : -1);
  });
});

describe("NoteObject on an id nobody created", () => {
  it("answers every method as gone and writes nothing, not even its tables", async () => {
    const stub = freshNote();
    const hash = buffer(randomBytes(32));
    expect(await stub.status()).toBeNull();
    expect(await stub.authorize({ proofHash: hash, linkProofHash: null, clients: ["test"] }, hash)).toEqual({
      outcome: "gone",
    });
    expect(await stub.consume({ proofHash: hash, linkProofHash: null, clients: ["test"] }, hash, "escrow")).toEqual({
      outcome: "gone",
    });
    expect(await stub.beginPart(0, hash)).toEqual({ outcome: "gone" });
    expect(await stub.storePart(0, "n/x/y", hash)).toEqual({ outcome: "gone" });
    expect(await stub.download(hash)).toEqual({ outcome: "gone" });
    expect(await stub.finishDownload(hash)).toEqual({ outcome: "gone" });
    expect(await stub.revoke({ manageHash: hash })).toEqual({ outcome: "gone" });
    expect(await stub.receipt(hash)).toEqual({ outcome: "gone" });
    expect(await sql(stub, "SELECT name FROM sqlite_master WHERE type = 'table'")).toEqual([]);
    expect(await alarmOf(stub)).toBeNull();
  });
});

describe("the live row", () => {
  it("is only a row that still holds its key material: one that lost its verifier answers gone, never crashes", async () => {
    const authKey = randomBytes(32);
    const stub = freshNote();
    await stub.create(await noteInput(authKey));
    await sql(stub, "UPDATE secret SET verifier = NULL");
    expect(await stub.status()).toBeNull();
    expect(await stub.authorize(await readerProof(authKey), buffer(randomBytes(32)))).toEqual({ outcome: "gone" });
    expect(await sql(stub, "SELECT views_left FROM secret")).toEqual([{ views_left: 3 }]);
  });

  it("grants the stored wrapped key to the right proof (the narrowing hides nothing)", async () => {
    const authKey = randomBytes(32);
    const stub = freshNote();
    const input = await noteInput(authKey);
    await stub.create(input);
    await sql(stub, "UPDATE secret SET upload_until = NULL");
    await sql(stub, "INSERT INTO part (idx, key, size) VALUES (0, 'n/x/0123', 200)");
    const grantHash = buffer(randomBytes(32));
    expect(await stub.authorize(await readerProof(authKey), grantHash)).toEqual({
      outcome: "authorized",
      wrappedKey: "wrapped",
      parts: [{ key: "n/x/0123", size: 200 }],
      size: 200,
    });
    const before = Date.now();
    expect(await stub.consume(await readerProof(authKey), grantHash, "sealed")).toEqual({
      outcome: "granted",
      viewsLeft: 2,
      grantExpiresAt: expect.any(Number),
    });
    const [grant] = await sql<{ until: number; escrow: string; views_left: number }>(stub, "SELECT * FROM grant");
    expect(grant!.until).toBeGreaterThanOrEqual(before + 600_000);
    expect(grant).toMatchObject({ escrow: "sealed", views_left: 2 });
  });

  it("gives a big body's grant time for a slow reader: ten minutes plus a second per 64 KiB", async () => {
    const authKey = randomBytes(32);
    const stub = freshNote();
    await stub.create(await noteInput(authKey));
    const size = 100 * 1024 * 1024;
    await sql(stub, `UPDATE secret SET upload_until = NULL, body_size = ${size}`);
    await sql(stub, `INSERT INTO part (idx, key, size) VALUES (0, 'n/x/0123', ${size})`);
    const before = Date.now();
    const granted = await stub.consume(await readerProof(authKey), buffer(randomBytes(32)), "sealed");
    const window = 600_000 + (size / 65_536) * 1000;
    expect(granted).toMatchObject({ outcome: "granted" });
    const expiresAt = (granted as { grantExpiresAt: number }).grantExpiresAt;
    expect(expiresAt).toBeGreaterThanOrEqual(before + window);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + window);
  });
});

describe("alarm()", () => {
  it("is idempotent: two runs after expiry shred once and record one destruction", async () => {
    const stub = freshNote();
    await stub.create(await noteInput(randomBytes(32)));
    await sql(stub, "UPDATE secret SET expires_at = 0");
    await runInDurableObject(stub, async (instance) => {
      await instance.alarm();
      await instance.alarm();
    });
    const [row] = await sql<Record<string, unknown>>(stub, "SELECT header, wrapped_key, verifier, reason FROM secret");
    expect(row).toEqual({ header: null, wrapped_key: null, verifier: null, reason: "expired" });
    expect(await sql(stub, "SELECT type, reason FROM event ORDER BY seq")).toEqual([
      { type: "created", reason: null },
      { type: "destroyed", reason: "expired" },
    ]);
    expect(await sql(stub, "SELECT key FROM doomed_body")).toEqual([]);
  });

  it("does nothing for an object that holds nothing", async () => {
    const stub = freshNote();
    await runInDurableObject(stub, (instance) => instance.alarm());
    expect(await sql(stub, "SELECT name FROM sqlite_master WHERE type = 'table'")).toEqual([]);
  });
});
