import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { call, createNote, expectShredded, inspectNote, noteStub, openNote, randomBytes } from "./helpers";

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Moves the note's clock marks into the past, as if time had passed, without running its alarm. */
async function age(id: string, column: "expires_at" | "destroyed_at", ms: number) {
  await runInDurableObject(noteStub(id), (_i, state) => {
    state.storage.sql.exec(`UPDATE secret SET ${column} = ${column} - ?`, ms);
  });
}

describe("expiry", () => {
  it("shreds the note when its alarm runs at expiry", async () => {
    const note = await createNote({ ttl: 300 });
    await age(note.id, "expires_at", 301_000);
    expect(await runDurableObjectAlarm(noteStub(note.id))).toBe(true);
    await expectShredded(note.id, "expired");
    expect((await call("GET", `/api/notes/${note.id}`)).status).toBe(404);
  });

  it("refuses an expired note even though its alarm has not run yet", async () => {
    const note = await createNote({ ttl: 300, views: 5 });
    await age(note.id, "expires_at", 301_000);
    expect((await openNote(note.id, note.proof)).status).toBe(404);
    await expectShredded(note.id, "expired");
  });

  it("keeps the receipt after destruction and erases everything when retention ends; a second alarm is harmless", async () => {
    const note = await createNote();
    await openNote(note.id, note.proof);
    const stub = noteStub(note.id);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await call("GET", `/api/notes/${note.id}/receipt`, { headers: bearer(note.manageToken) })).status).toBe(
      200,
    );
    await age(note.id, "destroyed_at", 7 * 86400_000 + 1);
    await runInDurableObject(stub, (_i, state) => state.storage.setAlarm(Date.now() + 3_600_000));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await inspectNote(note.id)).row).toBeNull();
    expect(await runDurableObjectAlarm(stub)).toBe(false);
    expect((await call("GET", `/api/notes/${note.id}/receipt`, { headers: bearer(note.manageToken) })).status).toBe(
      404,
    );
  });
});

describe("DELETE /api/notes/:id", () => {
  it("lets the creator revoke with the manage token (reason deleted)", async () => {
    const note = await createNote({ views: 3 });
    const response = await call("DELETE", `/api/notes/${note.id}`, { headers: bearer(note.manageToken) });
    expect(response.status).toBe(204);
    await expectShredded(note.id, "deleted");
    expect((await openNote(note.id, note.proof)).status).toBe(404);
  });

  it("lets a reader burn it now with the proof (reason burned)", async () => {
    const note = await createNote({ views: 3 });
    const response = await call("DELETE", `/api/notes/${note.id}`, { json: { proof: note.proof } });
    expect(response.status).toBe(204);
    await expectShredded(note.id, "burned");
  });

  it("refuses a wrong manage token or proof with 403 and keeps the note", async () => {
    const note = await createNote({ views: 3 });
    const token = await call("DELETE", `/api/notes/${note.id}`, { headers: bearer(toBase64Url(randomBytes(32))) });
    expect(token.status).toBe(403);
    const proof = await call("DELETE", `/api/notes/${note.id}`, { json: { proof: toBase64Url(randomBytes(32)) } });
    expect(proof.status).toBe(403);
    // A link-only note: a wrong proof is a wrong key, never counted (issue 11; it used to report triesLeft 9).
    expect(await proof.json()).not.toHaveProperty("triesLeft");
    expect((await openNote(note.id, note.proof)).status).toBe(200);
  });

  it("counts a burn-now with a wrong password only from a link holder (v2 linkProof)", async () => {
    const note = await createNote({ views: 3, version: 2, password: true });
    const stranger = await call("DELETE", `/api/notes/${note.id}`, { json: { proof: toBase64Url(randomBytes(32)) } });
    expect(await stranger.json()).not.toHaveProperty("triesLeft");
    const holder = await call("DELETE", `/api/notes/${note.id}`, {
      json: { proof: toBase64Url(randomBytes(32)), linkProof: note.linkProof },
    });
    expect(await holder.json()).toMatchObject({ triesLeft: 9 });
    expect(
      (await call("DELETE", `/api/notes/${note.id}`, { json: { proof: note.proof, linkProof: note.linkProof } }))
        .status,
    ).toBe(204);
    await expectShredded(note.id, "burned");
  });

  it("answers 404 for a note already gone", async () => {
    const note = await createNote();
    await openNote(note.id, note.proof);
    expect((await call("DELETE", `/api/notes/${note.id}`, { headers: bearer(note.manageToken) })).status).toBe(404);
  });
});

describe("GET /api/notes/:id/receipt", () => {
  it("shows content-free events: created, each open, destroyed with its reason", async () => {
    const note = await createNote({ views: 2 });
    await openNote(note.id, note.proof);
    const live = await call("GET", `/api/notes/${note.id}/receipt`, { headers: bearer(note.manageToken) });
    expect(await live.json()).toMatchObject({
      state: "live",
      partsStored: 1,
      parts: 1,
      viewsLeft: 1,
      events: [{ type: "created" }, { type: "opened" }],
    });
    await openNote(note.id, note.proof);
    const response = await call("GET", `/api/notes/${note.id}/receipt`, { headers: bearer(note.manageToken) });
    const receipt = (await response.json()) as Record<string, unknown>;
    expect(receipt).toEqual({
      state: "destroyed",
      createdAt: expect.any(Number),
      expiresAt: note.expiresAt,
      viewsLeft: 0,
      reason: "burned",
      // The reader finished the download, so the body is gone with the note.
      partsStored: 0,
      parts: 1,
      events: [
        { type: "created", at: expect.any(Number) },
        { type: "opened", at: expect.any(Number) },
        { type: "opened", at: expect.any(Number) },
        { type: "destroyed", at: expect.any(Number), reason: "burned" },
      ],
    });
    expect(JSON.stringify(receipt)).not.toContain(note.request.wrappedKey);
  });

  it.each(["expired", "lockout", "deleted"] as const)(
    "survives destruction by %s and shows the reason",
    async (reason) => {
      const note = await createNote({ views: 5, ttl: 300, version: 2, password: true });
      if (reason === "expired")
        await runInDurableObject(noteStub(note.id), (_i, s) => s.storage.sql.exec("UPDATE secret SET expires_at = 0"));
      if (reason === "lockout")
        for (let i = 0; i < 10; i++) await openNote(note.id, toBase64Url(randomBytes(32)), note.linkProof);
      if (reason === "deleted") await call("DELETE", `/api/notes/${note.id}`, { headers: bearer(note.manageToken) });
      const response = await call("GET", `/api/notes/${note.id}/receipt`, { headers: bearer(note.manageToken) });
      expect(await response.json()).toMatchObject({ state: "destroyed", reason });
      await expectShredded(note.id, reason);
    },
  );

  it("refuses without a token (403), with a wrong one (403) and with a malformed one (400)", async () => {
    const note = await createNote();
    expect((await call("GET", `/api/notes/${note.id}/receipt`)).status).toBe(403);
    expect(
      (await call("GET", `/api/notes/${note.id}/receipt`, { headers: bearer(toBase64Url(randomBytes(32))) })).status,
    ).toBe(403);
    expect(
      (await call("GET", `/api/notes/${note.id}/receipt`, { headers: { Authorization: "Basic abc" } })).status,
    ).toBe(400);
  });
});
