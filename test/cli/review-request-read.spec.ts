/**
 * Review of the asker's side of secret requests (issue 15): the server lists every answer it took, and anyone who
 * knows the request id can post one whose sealed key opens nothing. Such an answer must not hide the real ones.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findAnswer, SdkError } from "../../cli/src/sdk";
import { privateLink } from "../../cli/src/sdk/request-links";
import { toBase64Url } from "../../crypto/base64url";
import { generateLinkKey, newRequest, sealAnswerKey } from "../../crypto/index";
import { json, type Scripted, scripted } from "../protocol/scripted";

let answers: unknown[] = [];
let server: Scripted;

beforeAll(async () => {
  server = await scripted((seen, res) => {
    if (seen.method === "GET" && seen.path.endsWith("/answers")) json(res, 200, answers.shift() ?? answers);
    else json(res, 404, { status: 404, error: "Not scripted." });
  });
});
beforeEach(() => {
  answers = [];
});
afterAll(() => server?.close());

const randomId = () => toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
const later = () => Date.now() + 3_600_000;

async function request() {
  const made = await newRequest();
  return { made, link: privateLink(server.origin, made.id, made) };
}

/** An answer as a request-id holder can post one: a live note, and 125 bytes that seal nothing. */
const bogus = () => ({ noteId: randomId(), sealedKey: toBase64Url(new Uint8Array(125)), at: Date.now(), note: "live" });

async function real(made: Awaited<ReturnType<typeof newRequest>>) {
  const noteId = randomId();
  const K = generateLinkKey();
  const sealedKey = await sealAnswerKey(made.id, noteId, made.Q, K);
  return { noteId, K, answer: { noteId, sealedKey, at: Date.now(), note: "live" } };
}

const view = (list: unknown[], state = "answered", answersLeft = 0) => ({
  state,
  expiresAt: later(),
  answersLeft,
  answers: list,
});

describe("findAnswer with an answer that does not open (review)", () => {
  it("opens the real answer listed after it", async () => {
    const { made, link } = await request();
    const { noteId, K, answer } = await real(made);
    answers = [view([bogus(), answer])];
    const found = await findAnswer({ link });
    expect(found).toMatchObject({ noteId, others: 0, link: `${server.origin}/n/${noteId}#${toBase64Url(K)}` });
  });

  it("says damaged when none opens, and with --wait waits on while the request still takes answers", async () => {
    const { made, link } = await request();
    answers = [view([bogus()])];
    const error = await findAnswer({ link }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SdkError);
    expect((error as SdkError).code).toBe("damaged");
    const { noteId, answer } = await real(made);
    const first = bogus();
    answers = [view([first], "waiting", 1), view([first, answer])];
    expect(await findAnswer({ link, wait: true, interval: 10 })).toMatchObject({ noteId, others: 0 });
  });
});
