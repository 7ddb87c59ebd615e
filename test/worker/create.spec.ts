import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { ciphertextLength } from "../../crypto/parts";
import { call, createNote, inspectNote, makeNote, randomBytes, storedBody } from "./helpers";

describe("POST /api/notes", () => {
  it("stores the policy in the Durable Object, returns the manage token once, and the uploaded parts in KV", async () => {
    const before = Date.now();
    const note = await createNote({ views: 3, ttl: 300 });
    expect(note.viewsLeft).toBe(3);
    expect(note.manageToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(note.expiresAt).toBeGreaterThanOrEqual(before + 300_000);
    expect(note.expiresAt).toBeLessThanOrEqual(Date.now() + 300_000);
    expect(note.parts).toEqual([200]);
    expect(await storedBody(note.id)).toEqual(note.body);
    const { row, events } = await inspectNote(note.id);
    expect(row).toMatchObject({
      kind: "note",
      views_left: 3,
      header: note.request.header,
      wrapped_key: note.request.wrappedKey,
    });
    // Only the hash of the manage token is kept.
    const tokenHash = new Uint8Array(
      await crypto.subtle.digest(
        "SHA-256",
        Uint8Array.from(atob(note.manageToken.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0)),
      ),
    );
    expect(new Uint8Array(row!.manage_hash as ArrayBuffer)).toEqual(tokenHash);
    expect(events).toEqual([{ type: "created", reason: null }]);
  });

  it("answers 409 for an id already taken and leaves the first note's body untouched", async () => {
    const first = await createNote();
    const second = await makeNote();
    const clash = { ...second.request, id: first.id, header: first.request.header };
    const response = await call("POST", "/api/notes", { json: clash });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ status: 409, error: expect.stringMatching(/already taken/) });
    expect(await storedBody(first.id)).toEqual(first.body);
  });

  it("accepts views null (until expiry) and a password-only header", async () => {
    const salt = toBase64Url(randomBytes(16));
    const note = await createNote({
      views: null,
      link: false,
      kdf: { name: "PBKDF2-SHA256", iterations: 600_000, salt },
    });
    expect(note.viewsLeft).toBeNull();
  });

  it("refuses a size over MAX_BODY_BYTES (plus 64 KiB of manifest, as ciphertext) with 413 and stores nothing", async () => {
    const note = await makeNote();
    const limit = ciphertextLength(100 * 1024 * 1024 + 65_536, 1);
    const response = await call("POST", "/api/notes", { json: { ...note.request, size: limit + 16 } });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: expect.stringContaining("MAX_BODY_BYTES") });
    expect((await inspectNote(note.id)).row).toBeNull();
    expect(await storedBody(note.id)).toBeNull();
  });

  it("refuses by Content-Length before reading the body", async () => {
    const response = await call("POST", "/api/notes", {
      raw: new ReadableStream({ start: (c) => c.close() }) as unknown as BodyInit,
      headers: { "Content-Type": "application/json", "Content-Length": String(50 * 1024 * 1024) },
    });
    expect(response.status).toBe(413);
  });

  it("refuses an oversize request while streaming it, without a Content-Length", async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x41);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 20) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await call("POST", "/api/notes", {
      raw: stream as unknown as BodyInit,
      headers: { "Content-Type": "application/json" },
    });
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(20);
  });

  it("answers 415 for a body that is not declared as JSON", async () => {
    const note = await makeNote();
    const response = await call("POST", "/api/notes", {
      raw: JSON.stringify(note.request),
      headers: { "Content-Type": "text/plain" },
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({ status: 415, error: expect.stringContaining("application/json") });
    expect((await inspectNote(note.id)).row).toBeNull();
  });
});
