import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { ciphertextLength } from "../../crypto/parts";
import { callWith, createUploading, makeNote, noteBodyKeys, openNote, randomBytes } from "./helpers";
import { putPart, uploadParts } from "./note-transfer";
import { freshSlug, padKeys, padSaveRequest, putPadWith } from "./pad-helpers";

const KDF = () => ({ name: "PBKDF2-SHA256", iterations: 600_000, salt: toBase64Url(randomBytes(16)) });

/** Posts a note under the given policy and returns the response. */
async function createUnder(vars: Record<string, string>, options: Parameters<typeof makeNote>[0] = {}) {
  const note = await makeNote(options);
  return callWith(vars, "POST", "/api/notes", { json: note.request });
}

async function expectRule(response: Response, status: number, rule: string) {
  expect(response.status).toBe(status);
  expect(((await response.json()) as { error: string }).error).toContain(rule);
}

describe("instance policy", () => {
  it("ONE_TIME_ONLY: refuses views other than 1, allows 1, and says so in /api/config", async () => {
    const vars = { ONE_TIME_ONLY: "true" };
    await expectRule(await createUnder(vars, { views: 5 }), 400, "ONE_TIME_ONLY");
    await expectRule(await createUnder(vars, { views: null }), 400, "ONE_TIME_ONLY");
    expect((await createUnder(vars, { views: 1 })).status).toBe(201);
    expect(await (await callWith(vars, "GET", "/api/config")).json()).toMatchObject({ oneTimeOnly: true });
  });

  it("PASSWORD_REQUIRED: refuses a link-only note, allows one with a password", async () => {
    const vars = { PASSWORD_REQUIRED: "true" };
    await expectRule(await createUnder(vars, { kdf: null }), 400, "PASSWORD_REQUIRED");
    expect((await createUnder(vars, { kdf: KDF() })).status).toBe(201);
  });

  it("MAX_VIEWS: refuses more views than allowed, allows the maximum", async () => {
    const vars = { MAX_VIEWS: "3" };
    await expectRule(await createUnder(vars, { views: 4 }), 400, "MAX_VIEWS");
    expect((await createUnder(vars, { views: 3 })).status).toBe(201);
  });

  it("EXPIRY_CHOICES: refuses a lifetime that is not offered, allows one that is", async () => {
    const vars = { EXPIRY_CHOICES: "600,7200", DEFAULT_TTL: "600" };
    await expectRule(await createUnder(vars, { ttl: 3600 }), 400, "EXPIRY_CHOICES");
    expect((await createUnder(vars, { ttl: 7200 })).status).toBe(201);
    expect(await (await callWith(vars, "GET", "/api/config")).json()).toMatchObject({
      expiryChoices: [600, 7200],
      defaultTtl: 600,
    });
  });

  it("MAX_BODY_BYTES: refuses a larger body with 413, allows one at the limit (payload plus 64 KiB of manifest)", async () => {
    const vars = { MAX_BODY_BYTES: "2048" };
    const over = ciphertextLength(2048 + 65_536 + 1, 2);
    await expectRule(await createUnder(vars, { version: 2, bodyBytes: over }), 413, "MAX_BODY_BYTES");
    expect((await createUnder(vars, { version: 2, bodyBytes: over - 1 })).status).toBe(201);
    expect(await (await callWith(vars, "GET", "/api/config")).json()).toMatchObject({
      maxBodyBytes: 2048,
      maxPadBytes: 2048,
    });
  });

  it("MIN_KDF_ITERATIONS: refuses fewer iterations, allows the minimum", async () => {
    const vars = { MIN_KDF_ITERATIONS: "500000", DEFAULT_KDF_ITERATIONS: "600000" };
    await expectRule(await createUnder(vars, { kdf: { ...KDF(), iterations: 499_999 } }), 400, "MIN_KDF_ITERATIONS");
    expect((await createUnder(vars, { kdf: { ...KDF(), iterations: 500_000 } })).status).toBe(201);
  });

  // A link-only note can no longer be locked out (issue 11): the limit applies to link holders' wrong passwords.
  it("LOCKOUT_LIMIT: destroys a link+password note after that many wrong passwords from link holders", async () => {
    const vars = { LOCKOUT_LIMIT: "2" };
    const note = await makeNote({ views: 3, version: 2, password: true });
    const created = await callWith(vars, "POST", "/api/notes", { json: note.request });
    const { manageToken, parts } = (await created.json()) as { manageToken: string; parts: number[] };
    await uploadParts(note.id, manageToken, note.body, parts);
    const wrong = { json: { proof: toBase64Url(randomBytes(32)), linkProof: note.linkProof } };
    expect(await (await callWith(vars, "POST", `/api/notes/${note.id}/open`, wrong)).json()).toMatchObject({
      triesLeft: 1,
    });
    expect(await (await callWith(vars, "POST", `/api/notes/${note.id}/open`, wrong)).json()).toMatchObject({
      triesLeft: 0,
    });
    expect((await openNote(note.id, note.proof)).status).toBe(404);
  });

  it("RECEIPT_RETENTION and PAD_IDLE_DAYS are applied to new notes and pads", async () => {
    const note = await makeNote();
    const created = await callWith({ RECEIPT_RETENTION: "3600" }, "POST", "/api/notes", { json: note.request });
    const { manageToken } = (await created.json()) as { manageToken: string };
    const { inspectNote } = await import("./helpers");
    expect((await inspectNote(note.id)).row).toMatchObject({ retention_ms: 3_600_000 });
    expect(manageToken).toBeTruthy();
    const slug = freshSlug();
    const keys = await padKeys(slug);
    const before = Date.now();
    const body = randomBytes(64);
    const saved = await putPadWith({ PAD_IDLE_DAYS: "2" }, slug, { version: 0, ...keys, proof: undefined, body });
    expect(saved.status).toBe(200);
    const { padSql } = await import("./pad-helpers");
    const [row] = (await padSql(slug, "SELECT expires_at FROM secret")) as { expires_at: number }[];
    expect(row!.expires_at).toBeGreaterThanOrEqual(before + 2 * 86400_000);
    expect(row!.expires_at).toBeLessThan(before + 3 * 86400_000);
  });

  it("NOTEPADS off: every pad route answers 403 naming the rule; notes still work", async () => {
    const vars = { NOTEPADS: "false" };
    await expectRule(await callWith(vars, "GET", `/api/pads/${freshSlug()}`), 403, "NOTEPADS");
    await expectRule(await callWith(vars, "PUT", `/api/pads/${freshSlug()}`, { json: {} }), 403, "NOTEPADS");
    expect((await createUnder(vars)).status).toBe(201);
    expect(await (await callWith(vars, "GET", "/api/config")).json()).toMatchObject({ notepads: false });
  });

  it("INSTANCE_NAME and the footer are published for the pages", async () => {
    const vars = {
      INSTANCE_NAME: "Acme secrets",
      FOOTER_TEXT: "Run by Acme IT",
      FOOTER_LINK: "https://it.acme.example/",
    };
    expect(await (await callWith(vars, "GET", "/api/config")).json()).toMatchObject({
      instanceName: "Acme secrets",
      footerText: "Run by Acme IT",
      footerLink: "https://it.acme.example/",
    });
  });

  it("a misconfigured instance answers 500 without details rather than running lax", async () => {
    const response = await callWith({ MAX_VIEWS: "lots" }, "GET", "/api/config");
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).not.toContain("lots");
  });
});

describe("refusing plaintext", () => {
  it("refuses a first part that compresses like text, storing nothing, and accepts random bytes of the same size", async () => {
    const note = await createUploading({ bodyBytes: 4320 });
    const text = new TextEncoder().encode("password: hunter2\n".repeat(240));
    const response = await putPart(note.id, 0, text, note.manageToken);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/plaintext/);
    expect(await noteBodyKeys(note.id)).toEqual([]);
    expect((await putPart(note.id, 0, note.body, note.manageToken)).status).toBe(200);
  });

  it("refuses plaintext on a notepad save too", async () => {
    const slug = freshSlug();
    const keys = await padKeys(slug);
    const body = new TextEncoder().encode("my notes ".repeat(200));
    const save = { version: 0, header: keys.header, wrappedKey: keys.wrappedKey, verifier: keys.verifier };
    const response = await padSaveRequest(slug, JSON.stringify(save), body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/plaintext/);
  });
});

describe("GET /healthz", () => {
  it("names the instance, with no warnings in local development (HUSHNOTE_DEV); healthz.spec.ts checks storage", async () => {
    const response = await callWith({ HUSHNOTE_DEV: "true", INSTANCE_NAME: "Acme secrets" }, "GET", "/healthz");
    expect(await response.json()).toMatchObject({ status: "ok", instance: "Acme secrets", warnings: [] });
  });
});
