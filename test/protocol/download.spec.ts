/** openNote + downloadBody against a scripted server: resuming a cut download through the grant, and what it refuses. */
import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, downloadBody, type OpenedNote, openNote } from "../../protocol/index";
import { cut, json, pattern, type Scripted, type Seen, scripted } from "./scripted";

const ID = "AAAAAAAAAAAAAAAAAAAAAA";
const GRANT = "g".repeat(43);
const SIZE = 300_000;
const BODY = pattern(SIZE);
const META = { wrappedKey: "wrapped-key", viewsLeft: 0, size: SIZE, grant: GRANT, grantExpiresAt: 1_900_000_000_000 };
const FAST = { backoffMs: 10 };
let server: Scripted | undefined;
afterEach(() => server?.close());

type Resume = (from: number, res: ServerResponse, call: number) => void;

/** A server whose open sends the body up to `openCut`, and whose GET …/body answers resumes with `resume`. */
async function serving(openCut: number, resume: Resume, meta: object = META): Promise<Scripted> {
  let resumes = 0;
  return scripted((seen, res) => {
    if (seen.method === "POST" && seen.path === `/api/notes/${ID}/open`) {
      const headers = { "Hushnote-Open": JSON.stringify(meta) };
      if (openCut >= SIZE) return res.writeHead(200, { ...headers, "Content-Length": String(SIZE) }).end(BODY);
      return cut(res, 200, headers, BODY.subarray(0, openCut), SIZE);
    }
    if (seen.method === "GET" && seen.path === `/api/notes/${ID}/body`) {
      const from = Number(/^bytes=(\d+)-$/.exec(seen.headers.range ?? "")?.[1]);
      return resume(from, res, ++resumes);
    }
    if (seen.method === "DELETE" && seen.path === `/api/notes/${ID}/body`) return res.writeHead(204).end();
    json(res, 404, { status: 404, error: "Not found." });
  });
}

/** A 206 from `from` to the end, cut after `upTo` (exclusive; SIZE: not cut). */
const partial = (from: number, res: ServerResponse, upTo = SIZE) => {
  const headers = { "Content-Range": `bytes ${from}-${SIZE - 1}/${SIZE}`, "Accept-Ranges": "bytes" };
  if (upTo >= SIZE)
    return res.writeHead(206, { ...headers, "Content-Length": String(SIZE - from) }).end(BODY.subarray(from));
  cut(res, 206, headers, BODY.subarray(from, upTo), SIZE - from);
};

const open = (origin: string) => openNote(origin, ID, { proof: "proof" });
async function collect(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}
const ranges = (seen: Seen[]) => seen.filter((s) => s.method === "GET").map((s) => s.headers.range);
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

describe("downloadBody", () => {
  it("resumes after each cut with Range: bytes=<received>- and the grant, yielding identical bytes", async () => {
    server = await serving(100_000, (from, res, call) => partial(from, res, call === 1 ? 200_000 : SIZE));
    const opened = await open(server.origin);
    expect(opened.meta).toEqual(META);
    const progress: [number, number][] = [];
    const bytes = await collect(
      downloadBody(server.origin, ID, opened, { ...FAST, onProgress: (d, t) => progress.push([d, t]) }),
    );
    expect(bytes.equals(Buffer.from(BODY))).toBe(true);
    expect(ranges(server.seen)).toEqual(["bytes=100000-", "bytes=200000-"]);
    const reads = server.seen.filter((s) => s.path.endsWith("/body"));
    expect(reads.map((s) => [s.method, s.headers.authorization])).toEqual([
      ["GET", `Bearer ${GRANT}`],
      ["GET", `Bearer ${GRANT}`],
      // The last byte arrived: the grant is given back.
      ["DELETE", `Bearer ${GRANT}`],
    ]);
    expect(progress.at(-1)).toEqual([SIZE, SIZE]);
  });

  it("downloads an uncut body without asking again", async () => {
    server = await serving(SIZE, () => expect.unreachable());
    const bytes = await collect(downloadBody(server.origin, ID, await open(server.origin)));
    expect(bytes.equals(Buffer.from(BODY))).toBe(true);
    expect(server.seen.map((s) => s.method)).toEqual(["POST", "DELETE"]);
  });

  it("gives up after 5 resumes in a row without a new byte, with an ApiError saying how far it got", async () => {
    server = await serving(1000, (from, res) => partial(from, res, from));
    const error = await failure(collect(downloadBody(server.origin, ID, await open(server.origin), FAST)));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe(
      "The download broke off and could not be resumed after 5 tries (1000 of 300000 bytes arrived).",
    );
    expect(ranges(server.seen)).toEqual(Array(5).fill("bytes=1000-"));
    expect(server.seen.some((s) => s.method === "DELETE")).toBe(false);
  });

  it("keeps resuming while each try brings new bytes", async () => {
    // Seven cuts, each after 20,000 more bytes: more breaks than TRIES, but never five in a row without progress.
    server = await serving(20_000, (from, res, call) => partial(from, res, call <= 7 ? from + 20_000 : SIZE));
    const bytes = await collect(downloadBody(server.origin, ID, await open(server.origin), FAST));
    expect(bytes.equals(Buffer.from(BODY))).toBe(true);
    expect(ranges(server.seen)).toHaveLength(8);
  });

  it("retries a resume answered 503, and stops at once when the grant is refused (404)", async () => {
    server = await serving(1000, (_from, res, call) =>
      call === 1 ? json(res, 503, { status: 503, error: "Later." }) : json(res, 404, { status: 404, error: "Gone." }),
    );
    const error = await failure(collect(downloadBody(server.origin, ID, await open(server.origin), FAST)));
    expect(error).toMatchObject({ name: "ApiError", status: 404, message: "Gone." });
    expect(ranges(server.seen)).toHaveLength(2);
  });

  it("refuses a 200 answer to a resume: the bytes already handed on cannot be taken back", async () => {
    server = await serving(1000, (_from, res) => res.writeHead(200, { "Content-Length": String(SIZE) }).end(BODY));
    const yielded: Uint8Array[] = [];
    const error = await failure(
      (async () => {
        for await (const chunk of downloadBody(server!.origin, ID, await open(server!.origin), FAST))
          yielded.push(chunk);
      })(),
    );
    expect(error).toMatchObject({ name: "ApiError", status: 502 });
    expect((error as ApiError).message).toContain("asked for the body from byte 1000, it answered 200 instead of 206");
    expect(Buffer.concat(yielded).equals(Buffer.from(BODY.subarray(0, 1000)))).toBe(true);
    expect(ranges(server.seen)).toHaveLength(1);
  });

  it("refuses a Content-Range that does not start where it asked", async () => {
    server = await serving(1000, (_from, res) =>
      res.writeHead(206, { "Content-Range": `bytes 0-${SIZE - 1}/${SIZE}`, "Content-Length": String(SIZE) }).end(BODY),
    );
    const error = await failure(collect(downloadBody(server.origin, ID, await open(server.origin), FAST)));
    expect(error).toMatchObject({ status: 502 });
    expect((error as ApiError).message).toContain("its Content-Range does not start there");
  });

  it("refuses a body longer than the size its header announced", async () => {
    server = await serving(SIZE, () => expect.unreachable(), { ...META, size: 1000 });
    const error = await failure(collect(downloadBody(server.origin, ID, await open(server.origin), FAST)));
    expect(error).toMatchObject({
      status: 502,
      message: "The server's answer is malformed: the body is longer than the 1000 bytes announced.",
    });
  });

  it("takes a body of unknown size (a note stored before parts) as whole when its stream ends", async () => {
    server = await serving(SIZE, () => expect.unreachable(), { ...META, size: null });
    const bytes = await collect(downloadBody(server.origin, ID, await open(server.origin)));
    expect(bytes.equals(Buffer.from(BODY))).toBe(true);
  });

  it("stops at an abort with its reason and asks nothing more", async () => {
    const controller = new AbortController();
    server = await serving(1000, (from, res) => {
      controller.abort(new Error("stopped"));
      partial(from, res, from);
    });
    const opened: OpenedNote = await open(server.origin);
    const error = await failure(
      collect(downloadBody(server.origin, ID, opened, { ...FAST, signal: controller.signal })),
    );
    expect(error).toEqual(new Error("stopped"));
    expect(ranges(server.seen)).toHaveLength(1);
  });
});
