/** read against a scripted server: waits out 503 + Retry-After (nothing consumed yet), refuses a swapped header. */
import { createServer, type Server } from "node:http";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { generateNoteId, seal } from "../../crypto/index";
import { build, cliEnv, runCli } from "./helpers";

let server: Server | undefined;
beforeAll(() => void build());
afterEach(() => void server?.close());

/** Serves one sealed note; `/open` answers 503 `unavailable` times before it delivers. */
async function scripted(unavailable: number, headerId?: string) {
  const id = generateNoteId();
  const sealed = await seal(
    { text: "arrived late", tabs: [], files: [] },
    { kind: "note", id: headerId ?? id, views: 1, ttl: 3600, password: null },
  );
  const opens: number[] = [];
  const grant = toBase64Url(new Uint8Array(32));
  server = createServer((req, res) => {
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "Content-Type": "application/json", ...headers }).end(JSON.stringify(body));
    };
    if (req.method === "GET" && req.url === `/api/notes/${id}`)
      return json(200, { id, header: sealed.header, expiresAt: Date.now() + 3600_000, viewsLeft: 1 });
    if (req.method === "POST" && req.url === `/api/notes/${id}/open`) {
      opens.push(Date.now());
      if (opens.length <= unavailable) return json(503, { status: 503, error: "not here yet" }, { "Retry-After": "1" });
      const meta = { wrappedKey: sealed.wrappedKey, viewsLeft: 0, size: sealed.body.length, grant, grantExpiresAt: 1 };
      res.writeHead(200, { "Content-Type": "application/octet-stream", "Hushnote-Open": JSON.stringify(meta) });
      return res.end(sealed.body);
    }
    json(404, { status: 404, error: "no" });
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server!.address() as { port: number }).port}`;
  return { link: `${origin}/n/${id}#${toBase64Url(sealed.linkKey!)}`, origin, opens };
}

describe("hushnote read against a slow or lying server", () => {
  it("retries /open after Retry-After while the body propagates, then shows the note", async () => {
    const { link, origin, opens } = await scripted(2);
    const result = await runCli(["read", link], { env: cliEnv(origin) });
    expect([result.code, result.stdout]).toEqual([0, "arrived late"]);
    expect(result.stderr).toMatch(/retrying in 1 s/);
    expect(opens).toHaveLength(3);
    expect(opens[2]! - opens[0]!).toBeGreaterThanOrEqual(1900);
  });

  it("gives up with exit 4 when the body never arrives", async () => {
    const { link, origin, opens } = await scripted(99);
    const result = await runCli(["read", link], { env: cliEnv(origin), timeoutMs: 20_000 });
    expect(result.code).toBe(4);
    expect(opens).toHaveLength(6);
  }, 30_000);

  it("refuses a header that belongs to another note (exit 4) before opening", async () => {
    const { link, origin, opens } = await scripted(0, generateNoteId());
    const result = await runCli(["read", link], { env: cliEnv(origin) });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(
      /refusing to open: the server sent the header of note "[\w-]{22}", not of the note "[\w-]{22}" you asked for/,
    );
    expect(opens).toHaveLength(0);
  });
});
