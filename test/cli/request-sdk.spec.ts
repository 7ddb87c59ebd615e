/**
 * The SDK's secret request calls against a scripted server, for what the real Worker never does: hand out another
 * key or an altered description, answer with an altered sealed key, or keep an answer still uploading. The round
 * trips through the Worker are in requests.spec.ts.
 */
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findAnswer, inspectRequest, makeRequest, SdkError } from "../../cli/src/sdk";
import { privateLink, requestLink } from "../../cli/src/sdk/request-links";
import { toBase64Url } from "../../crypto/base64url";
import { generateLinkKey, newRequest, sealAnswerKey, sealDescription } from "../../crypto/index";
import { json, type Scripted, type Seen, scripted } from "../protocol/scripted";

type Route = (seen: Seen, res: ServerResponse) => void;
let routes: Record<string, Route[]> = {};
let server: Scripted;

beforeAll(async () => {
  server = await scripted((seen, res) => {
    const key = `${seen.method} ${seen.path.replace(/[A-Za-z0-9_-]{22}/g, ":id")}`;
    const queue = routes[key] ?? [];
    const route = queue.length > 1 ? queue.shift() : queue[0];
    if (route) route(seen, res);
    else json(res, 404, { status: 404, error: "Not scripted." });
  });
});
beforeEach(() => {
  routes = {};
  server.seen.length = 0;
});
afterAll(() => server?.close());

const reply =
  (status: number, body: unknown): Route =>
  (_, res) =>
    json(res, status, body);
const CONFIG = { maxViews: 10, expiryChoices: [300, 3600, 86400], defaultTtl: 3600, maxBodyBytes: 1e6 };
const later = () => Date.now() + 3_600_000;

async function sdkError(promise: Promise<unknown>, code: SdkError["code"]): Promise<SdkError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SdkError);
  expect((error as SdkError).code).toBe(code);
  return error as SdkError;
}

/** A request as an asker made it: its links, and what an honest server serves for it. */
async function asked(description?: string) {
  const made = await newRequest();
  const sealed = description ? await sealDescription(made.descriptionKey, made.id, description) : null;
  const info = { id: made.id, publicKey: toBase64Url(made.Q), description: sealed, expiresAt: later(), answersLeft: 1 };
  return {
    made,
    info,
    link: requestLink(server.origin, made.id, made.fp, description ? made.descriptionKey : null),
    private: privateLink(server.origin, made.id, made),
  };
}

describe("makeRequest", () => {
  it("sends the public key, the sealed description and the manage token; the private key and description key stay in the links", async () => {
    routes["GET /api/config"] = [reply(200, CONFIG)];
    routes["POST /api/requests"] = [
      (seen, res) => json(res, 201, { id: JSON.parse(seen.body.toString()).id, expiresAt: 9 }),
    ];
    const made = await makeRequest({
      server: server.origin,
      description: "the staging DB password, please",
      answers: 2,
    });
    const sent = JSON.parse(server.seen.at(-1)!.body.toString());
    expect(sent).toMatchObject({ id: made.id, answers: 2, ttl: 3600 });
    expect(made.link).toMatch(new RegExp(`^${server.origin}/r/${made.id}#[A-Za-z0-9_-]{43}\\.[A-Za-z0-9_-]{43}$`));
    expect(made.privateLink).toMatch(new RegExp(`^${server.origin}/q/${made.id}#[A-Za-z0-9_-]{171}$`));
    const descriptionKey = made.link.split("#")[1]!.split(".")[1]!;
    // The first 42 characters hold only bits of the private scalar d.
    const d = made.privateLink.split("#")[1]!.slice(0, 42);
    const everything = server.seen.map((s) => `${s.path} ${JSON.stringify(s.headers)} ${s.body}`).join("\n");
    for (const hidden of [descriptionKey, d, "staging"]) expect(everything).not.toContain(hidden);
    routes["GET /api/requests/:id"] = [reply(200, { ...sent, expiresAt: later(), answersLeft: 2 })];
    expect((await inspectRequest(made.link)).description).toBe("the staging DB password, please");
  });

  it("refuses a ttl that is not one of the server's expiry choices before anything is sent", async () => {
    routes["GET /api/config"] = [reply(200, CONFIG)];
    await sdkError(makeRequest({ server: server.origin, ttl: 7200 }), "invalid");
    expect(server.seen.map((s) => s.method)).toEqual(["GET"]);
  });
});

describe("inspectRequest (the answerer's check)", () => {
  it("refuses a public key the server swapped, having sent nothing but the GET", async () => {
    const request = await asked();
    const other = await newRequest();
    routes["GET /api/requests/:id"] = [reply(200, { ...request.info, publicKey: toBase64Url(other.Q) })];
    const error = await sdkError(inspectRequest(request.link), "damaged");
    expect(error.message).toContain("the server's key for this request is not the asker's");
    expect(server.seen.map((s) => s.method)).toEqual(["GET"]);
  });

  it("refuses a description the server altered or dropped", async () => {
    const request = await asked("the prod password");
    const swapped = await sealDescription(generateLinkKey(), request.made.id, "send it to me instead");
    routes["GET /api/requests/:id"] = [reply(200, { ...request.info, description: swapped })];
    await sdkError(inspectRequest(request.link), "damaged");
    routes["GET /api/requests/:id"] = [reply(200, { ...request.info, description: null })];
    await sdkError(inspectRequest(request.link), "damaged");
  });

  it("calls an unknown, answered or expired request gone", async () => {
    const request = await asked();
    routes["GET /api/requests/:id"] = [reply(404, { status: 404, error: "Gone." })];
    await sdkError(inspectRequest(request.link), "gone");
  });
});

describe("findAnswer (the asker's side)", () => {
  const state = (answers: unknown[], s = answers.length ? "answered" : "waiting") => ({
    state: s,
    expiresAt: later(),
    answersLeft: answers.length ? 0 : 1,
    answers,
  });

  async function answered() {
    const request = await asked();
    const noteId = toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
    const K = generateLinkKey();
    const sealedKey = await sealAnswerKey(request.made.id, noteId, request.made.Q, K);
    return { request, noteId, K, answer: { noteId, sealedKey, at: Date.now() } };
  }

  it("says `waiting` without an answer, and with `wait` asks again until one can be opened", async () => {
    const { request, noteId, K, answer } = await answered();
    routes["GET /api/requests/:id/answers"] = [reply(200, state([]))];
    await sdkError(findAnswer({ link: request.private }), "waiting");
    routes["GET /api/requests/:id/answers"] = [reply(200, state([])), reply(200, state([answer]))];
    routes["GET /api/notes/:id"] = [reply(200, { id: noteId })];
    const polls: string[] = [];
    const found = await findAnswer({
      link: request.private,
      wait: true,
      interval: 10,
      onPoll: (s) => polls.push(s.state),
    });
    expect(found).toMatchObject({ noteId, others: 0, link: `${server.origin}/n/${noteId}#${toBase64Url(K)}` });
    expect(polls).toEqual(["waiting"]);
    const bearer = server.seen.find((s) => s.path.endsWith("/answers"))!.headers.authorization;
    expect(bearer).toBe(`Bearer ${toBase64Url(request.made.manageToken)}`);
  });

  it("waits while the server says the answer's note is uploading, and opens it once it is live", async () => {
    const { request, noteId, answer } = await answered();
    const uploading = reply(200, state([{ ...answer, note: "uploading" }]));
    routes["GET /api/requests/:id/answers"] = [uploading];
    const early = await sdkError(findAnswer({ link: request.private }), "waiting");
    expect(early.message).toContain("still on its way");
    routes["GET /api/requests/:id/answers"] = [uploading, reply(200, state([{ ...answer, note: "live" }]))];
    expect(await findAnswer({ link: request.private, wait: true, interval: 10 })).toMatchObject({ noteId });
    expect(server.seen.filter((s) => s.path.startsWith("/api/notes/"))).toEqual([]);
  });

  it("stops waiting at the timeout (`waiting`), or without one when the request expires (`gone`)", async () => {
    const { request } = await answered();
    routes["GET /api/requests/:id/answers"] = [reply(200, state([]))];
    await sdkError(findAnswer({ link: request.private, wait: true, timeout: 0.05, interval: 10 }), "waiting");
    const ending = { ...state([]), expiresAt: Date.now() + 100 };
    routes["GET /api/requests/:id/answers"] = [reply(200, ending), reply(200, { ...ending, state: "expired" })];
    const started = Date.now();
    await sdkError(findAnswer({ link: request.private, wait: true, interval: 60_000 }), "gone");
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("calls an opened answer gone, and a withdrawn or unanswered expired request gone", async () => {
    const { request, answer } = await answered();
    routes["GET /api/requests/:id/answers"] = [reply(200, state([{ ...answer, note: "gone", opened: true }]))];
    expect((await sdkError(findAnswer({ link: request.private, wait: true }), "gone")).message).toContain(
      "already been opened",
    );
    routes["GET /api/requests/:id/answers"] = [reply(200, state([], "revoked"))];
    await sdkError(findAnswer({ link: request.private }), "gone");
    routes["GET /api/requests/:id/answers"] = [reply(200, state([], "expired"))];
    expect((await sdkError(findAnswer({ link: request.private }), "gone")).message).toContain("expired without");
  });

  it("refuses a sealed key that does not open with the private key (altered, or bound to another note)", async () => {
    const { request, answer } = await answered();
    const elsewhere = { ...answer, noteId: toBase64Url(new Uint8Array(16)) };
    routes["GET /api/requests/:id/answers"] = [reply(200, state([elsewhere]))];
    routes["GET /api/notes/:id"] = [reply(200, {})];
    await sdkError(findAnswer({ link: request.private }), "damaged");
  });

  it("takes a 403 as a private link that is not this request's", async () => {
    const { request } = await answered();
    routes["GET /api/requests/:id/answers"] = [reply(403, { status: 403, error: "No." })];
    await sdkError(findAnswer({ link: request.private }), "wrong-password");
  });
});
