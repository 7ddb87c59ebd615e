/**
 * The secret request routes of protocol/requests.ts against a scripted server: what each call sends, and that its
 * retries repeat the very same request (the manage token, or the note id and sealed key, make it the same one).
 */
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ApiError,
  answerRequest,
  createRequest,
  requestAnswers,
  requestStatus,
  revokeRequest,
} from "../../protocol/index";
import { json, type Scripted, type Seen, scripted } from "./scripted";

const FAST = { backoffMs: 5 };
const ID = "AAAAAAAAAAAAAAAAAAAAAA";
const TOKEN = "t".repeat(43);
const PROOF = "p".repeat(43);
type Step = (seen: Seen, res: ServerResponse) => void;
let steps: Step[] = [];
let server: Scripted;

beforeAll(async () => {
  server = await scripted((seen, res) => {
    const step = steps.shift();
    if (step) step(seen, res);
    else json(res, 500, { status: 500, error: "No step scripted." });
  });
});
beforeEach(() => {
  steps = [];
  server.seen.length = 0;
});
afterAll(() => server?.close());

const answer =
  (status: number, body: unknown, headers: Record<string, string> = {}): Step =>
  (_, res) =>
    json(res, status, body, headers);
// The connection drops without an answer: the request may or may not have been carried out.
const drop: Step = (_, res) => res.socket?.destroy();
const bodies = () => server.seen.map((s) => s.body.toString());

const newRequest = {
  id: ID,
  publicKey: "Q".repeat(87),
  description: null,
  answers: 1,
  ttl: 3600,
  manageToken: TOKEN,
};
const note = {
  id: "BBBBBBBBBBBBBBBBBBBBBB",
  header: "h",
  wrappedKey: "w",
  verifier: "v",
  views: 1,
  ttl: 3600,
  size: 99,
};
const created = { id: note.id, expiresAt: 1, viewsLeft: 1, manageToken: "m".repeat(43), parts: [99] };

describe("createRequest", () => {
  it("POSTs the request as JSON and retries a lost answer and a 503 with the same body, manage token included", async () => {
    steps = [drop, answer(503, { status: 503, error: "Busy." }), answer(201, { id: ID, expiresAt: 7 })];
    expect(await createRequest(server.origin, newRequest, FAST)).toEqual({ id: ID, expiresAt: 7 });
    expect(server.seen.map((s) => `${s.method} ${s.path}`)).toEqual(Array(3).fill("POST /api/requests"));
    expect(new Set(bodies()).size).toBe(1);
    expect(JSON.parse(bodies()[0]!)).toEqual(newRequest);
  });

  it("takes a 409 (the id is taken by another request) as final", async () => {
    steps = [answer(409, { status: 409, error: "That id is taken." })];
    const error = await createRequest(server.origin, newRequest, FAST).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect([(error as ApiError).status, (error as ApiError).message]).toEqual([409, "That id is taken."]);
    expect(server.seen).toHaveLength(1);
  });
});

describe("answerRequest", () => {
  it("draws the note's manage token once, so a retry after a 500 is the same answer: note id, sealed key, token", async () => {
    steps = [answer(500, { status: 500, error: "Oops." }), drop, answer(201, created)];
    const sealedKey = "s".repeat(167);
    expect(await answerRequest(server.origin, ID, PROOF, { note, sealedKey }, FAST)).toEqual(created);
    expect(server.seen.map((s) => `${s.method} ${s.path}`)).toEqual(Array(3).fill(`POST /api/requests/${ID}/answers`));
    expect(new Set(bodies()).size).toBe(1);
    expect(server.seen.map((s) => s.headers["hushnote-request-proof"])).toEqual(Array(3).fill(PROOF));
    const sent = JSON.parse(bodies()[0]!);
    expect(sent).toEqual({ note: { ...note, manageToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) }, sealedKey });
  });

  it("keeps a manage token the caller drew", async () => {
    steps = [answer(201, created)];
    await answerRequest(server.origin, ID, PROOF, { note: { ...note, manageToken: TOKEN }, sealedKey: "s" }, FAST);
    expect(JSON.parse(bodies()[0]!).note.manageToken).toBe(TOKEN);
  });

  it("does not retry the server's refusal of a second answer", async () => {
    steps = [answer(409, { status: 409, error: "This request has already been answered." })];
    const error = (await answerRequest(server.origin, ID, PROOF, { note, sealedKey: "s" }, FAST).catch(
      (e) => e,
    )) as ApiError;
    expect([error.status, error.message]).toEqual([409, "This request has already been answered."]);
    expect(server.seen).toHaveLength(1);
  });
});

describe("requestStatus and requestAnswers", () => {
  it("GETs the public request, waiting out a 503, and sends no credential", async () => {
    const info = { id: ID, publicKey: "Q", description: null, expiresAt: 5, answersLeft: 1 };
    steps = [answer(503, {}, { "Retry-After": "1" }), answer(200, info)];
    expect(await requestStatus(server.origin, ID, PROOF, FAST)).toEqual(info);
    expect(server.seen.map((s) => [s.method, s.path, s.headers.authorization])).toEqual([
      ["GET", `/api/requests/${ID}`, undefined],
      ["GET", `/api/requests/${ID}`, undefined],
    ]);
    expect(server.seen.map((s) => s.headers["hushnote-request-proof"])).toEqual([PROOF, PROOF]);
  });

  it("answers a 404 for a request that is gone at once", async () => {
    steps = [answer(404, { status: 404, error: "Gone." })];
    const error = (await requestStatus(server.origin, ID, PROOF, FAST).catch((e) => e)) as ApiError;
    expect(error.status).toBe(404);
    expect(server.seen).toHaveLength(1);
  });

  it("GETs the answers with the manage token as a bearer token, never in the URL", async () => {
    const state = { state: "waiting", expiresAt: 5, answersLeft: 1, answers: [] };
    steps = [answer(200, state)];
    expect(await requestAnswers(server.origin, ID, TOKEN, FAST)).toEqual(state);
    expect(server.seen[0]!.path).toBe(`/api/requests/${ID}/answers`);
    expect(server.seen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("takes a 403 (not this request's token) as final", async () => {
    steps = [answer(403, { status: 403, error: "Not this request's token." })];
    const error = (await requestAnswers(server.origin, ID, TOKEN, FAST).catch((e) => e)) as ApiError;
    expect(error.status).toBe(403);
    expect(server.seen).toHaveLength(1);
  });
});

describe("revokeRequest", () => {
  it("DELETEs with the bearer token", async () => {
    steps = [(_, res) => res.writeHead(204).end()];
    await revokeRequest(server.origin, ID, TOKEN, FAST);
    expect(server.seen.map((s) => [s.method, s.path, s.headers.authorization])).toEqual([
      ["DELETE", `/api/requests/${ID}`, `Bearer ${TOKEN}`],
    ]);
  });

  it("resolves on a 404 after a lost answer (the lost attempt revoked it), but not on a first 404", async () => {
    steps = [drop, answer(404, { status: 404, error: "Gone." })];
    await revokeRequest(server.origin, ID, TOKEN, FAST);
    expect(server.seen).toHaveLength(2);
    steps = [answer(404, { status: 404, error: "Gone." })];
    const error = (await revokeRequest(server.origin, ID, TOKEN, FAST).catch((e) => e)) as ApiError;
    expect(error.status).toBe(404);
  });
});
