/** protocol/: the request path pages and CLI share, against a scripted server (prefixes, error pages, 503 waits). */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, getConfig, noteStatus, openNote } from "../../protocol/index";

let server: Server | undefined;
afterEach(() => void server?.close());

/** Serves `handler` on a loopback port; returns its origin. */
async function scripted(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server!.address() as { port: number }).port}`;
}

describe("protocol request", () => {
  it("keeps the base URL's path prefix (an instance behind a proxy at /hushnote)", async () => {
    const origin = await scripted((req, res) => {
      res
        .writeHead(req.url === "/hushnote/api/config" ? 200 : 404, { "Content-Type": "application/json" })
        .end('{"maxViews":7}');
    });
    expect((await getConfig(`${origin}/hushnote`)).maxViews).toBe(7);
  });

  it("turns a proxy's HTML error page into an ApiError with the status and a sentence", async () => {
    const origin = await scripted((_req, res) =>
      res.writeHead(502, { "Content-Type": "text/html" }).end("<h1>Bad gateway</h1>"),
    );
    const error = await noteStatus(origin, "x", { backoffMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 502, message: "The server answered 502.", body: {}, retryAfter: null });
  });

  it("waits out a 503 for as long as Retry-After says, telling onWait, and opens once the body is there", async () => {
    const times: number[] = [];
    const origin = await scripted((_req, res) => {
      times.push(Date.now());
      if (times.length === 1)
        return res
          .writeHead(503, { "Retry-After": "1", "Content-Type": "application/json" })
          .end('{"error":"not yet"}');
      const meta = { wrappedKey: "k", viewsLeft: 0, size: 3, grant: "g", grantExpiresAt: 1 };
      res.writeHead(200, { "Hushnote-Open": JSON.stringify(meta) }).end("abc");
    });
    const waits: number[] = [];
    const opened = await openNote(origin, "id", { proof: "proof" }, { onWait: (s) => waits.push(s) });
    expect(opened.meta).toEqual({ wrappedKey: "k", viewsLeft: 0, size: 3, grant: "g", grantExpiresAt: 1 });
    expect(await new Response(opened.body).text()).toBe("abc");
    expect(waits).toEqual([1]);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
  });

  it("does not retry other refusals, and keeps the server's JSON for the caller", async () => {
    let calls = 0;
    const origin = await scripted((_req, res) => {
      calls++;
      res.writeHead(403, { "Content-Type": "application/json" }).end('{"status":403,"error":"Wrong.","triesLeft":4}');
    });
    const error = await openNote(origin, "id", { proof: "proof" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, message: "Wrong.", body: { triesLeft: 4 } });
    expect(calls).toBe(1);
  });
});
