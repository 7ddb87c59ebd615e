// POST /api/requests and GET /api/requests/:id: the Access gate, rate limit and policy apply as to creating a note; a
// repeat of the same create is answered as the first; the status never consumes and says one 404 for every "gone".
import { describe, expect, it } from "vitest";
import { call, callWith } from "./helpers";
import {
  answerRequest,
  b64,
  bearer,
  createRequest,
  getRequest,
  inspectRequest,
  requestBody,
  setExpiry,
} from "./request-helpers";

const create = (json: unknown, headers: Record<string, string> = {}) =>
  call("POST", "/api/requests", { json, headers });
const GONE = {
  status: 404,
  error: "There is no request here. It may have expired, been answered or withdrawn — or it never existed.",
};

describe("POST /api/requests", () => {
  it("creates the request (201 {id, expiresAt}) and keeps only the manage token's SHA-256", async () => {
    const body = requestBody({ answers: 3, ttl: 86400 });
    const before = Date.now();
    const response = await create(body);
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; expiresAt: number };
    expect(Object.keys(created)).toEqual(["id", "expiresAt"]);
    expect(created.id).toBe(body.id);
    expect(created.expiresAt).toBeGreaterThanOrEqual(before + 86400_000);
    expect(created.expiresAt).toBeLessThanOrEqual(Date.now() + 86400_000);
    const { row } = await inspectRequest(body.id);
    expect(row).toMatchObject({
      public_key: body.publicKey,
      description: body.description,
      answers: 3,
      answers_left: 3,
    });
    const token = Uint8Array.from(atob(body.manageToken.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
    const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", token));
    expect(new Uint8Array(row!.manage_hash as ArrayBuffer)).toEqual(hash);
  });

  it("takes one answer when `answers` is absent, and a null description", async () => {
    const { answers: _none, ...body } = requestBody({ description: null });
    expect((await create(body)).status).toBe(201);
    const status = await (await getRequest(body.id)).json();
    expect(status).toMatchObject({ id: body.id, description: null, answersLeft: 1 });
  });

  it("answers a repeat with the same token and body exactly as the first, writing nothing", async () => {
    const body = requestBody();
    const first = await (await create(body)).json();
    const before = await inspectRequest(body.id);
    for (let i = 0; i < 3; i++) {
      const again = await create(body);
      expect(again.status).toBe(201);
      expect(await again.json()).toEqual(first);
    }
    expect(await inspectRequest(body.id)).toEqual(before);
  });

  it.each([
    ["another manage token", () => ({ manageToken: b64(32) })],
    ["another public key", () => ({ publicKey: `BA${b64(65).slice(2)}` })],
    ["another description", () => ({ description: b64(60) })],
    ["no description", () => ({ description: null })],
    ["another number of answers", () => ({ answers: 2 })],
    ["another ttl", () => ({ ttl: 300 })],
  ])("answers 409 on a taken id with %s, changing nothing", async (_what, change) => {
    const body = requestBody();
    expect((await create(body)).status).toBe(201);
    const before = await inspectRequest(body.id);
    const response = await create({ ...body, ...change() });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ status: 409, error: expect.stringMatching(/request id is already taken/) });
    expect(await inspectRequest(body.id)).toEqual(before);
  });

  it("answers 409 to a repeat once the request has been withdrawn", async () => {
    const request = await createRequest();
    const { created: _c, ...body } = request;
    expect((await call("DELETE", `/api/requests/${body.id}`, { headers: bearer(body.manageToken) })).status).toBe(204);
    expect((await create(body)).status).toBe(409);
  });

  it("is behind the Access gate like creating a note: no token → 403 naming Access, nothing stored", async () => {
    const vars = {
      ACCESS_TEAM_DOMAIN: "team.example",
      ACCESS_AUD: "aud-tag-1",
      ACCESS_JWKS_URL: "http://127.0.0.1:9/c",
    };
    const body = requestBody();
    const response = await callWith(vars, "POST", "/api/requests", { json: body });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: string }).error).toMatch(/Cloudflare Access/);
    expect((await inspectRequest(body.id)).tables).toBe(0);
  });

  it("counts against the create rate limit shared with notes: 429 with Retry-After past it", async () => {
    const ip = "198.51.100.215";
    const left = 10_000 - (Date.now() % 10_000);
    if (left < 8_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await create(requestBody(), { "CF-Connecting-IP": ip })).status);
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(20);
    const refused = await create(requestBody(), { "CF-Connecting-IP": ip });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toBe("10");
  });

  it.each([
    [{ ttl: 7200 }, /"ttl" must be one of this instance's expiry choices/],
    [{ answers: 101 }, /"answers" must be an integer from 1 to 100 \(MAX_VIEWS\)/],
    [{ answers: 0 }, /"answers"/],
  ])("refuses %j under the instance's policy (400), storing nothing", async (change, message) => {
    const body = requestBody(change);
    const response = await create(body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(message);
    expect((await inspectRequest(body.id)).tables).toBe(0);
  });

  it("is refused (403) on an instance that requires a password on every note: an answer could not have one", async () => {
    const body = requestBody();
    const response = await callWith({ PASSWORD_REQUIRED: "true" }, "POST", "/api/requests", { json: body });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: string }).error).toMatch(/PASSWORD_REQUIRED/);
    expect((await inspectRequest(body.id)).tables).toBe(0);
  });
});

describe("GET /api/requests/:id", () => {
  it("shows the answerer the key, description, expiry and answers left, and never consumes", async () => {
    const request = await createRequest({ answers: 2 });
    for (let i = 0; i < 5; i++) {
      const response = await getRequest(request.id);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        id: request.id,
        publicKey: request.publicKey,
        description: request.description,
        expiresAt: request.created.expiresAt,
        answersLeft: 2,
      });
    }
  });

  it("answers one identical 404 for unknown, expired, withdrawn and fully answered requests", async () => {
    const unknown = b64(16);
    const expired = await createRequest();
    await setExpiry(expired.id, Date.now() - 1, Date.now() + 60_000);
    const revoked = await createRequest();
    await call("DELETE", `/api/requests/${revoked.id}`, { headers: bearer(revoked.manageToken) });
    const answered = await createRequest();
    await answerRequest(answered.id);
    for (const id of [unknown, expired.id, revoked.id, answered.id]) {
      const response = await getRequest(id);
      expect(response.status, id).toBe(404);
      expect(await response.json()).toEqual(GONE);
    }
    // Looking up an unknown id wrote nothing.
    expect((await inspectRequest(unknown)).tables).toBe(0);
  });

  it("answers 400 for a malformed id", async () => {
    expect((await call("GET", "/api/requests/not-an-id")).status).toBe(400);
  });
});
