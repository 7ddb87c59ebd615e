/**
 * A hostile hushnote server on a loopback port: answers what a test scripts (another pad's header, an old save, a new
 * salt, escape sequences in its sentences) and logs every request, so a test can show that no proof was ever sent.
 * It speaks the byte wire: bodies as application/octet-stream, their fields in Hushnote-Save / Hushnote-Open.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { type FormatVersion, reseal, seal, unlock } from "../../crypto/index";

/** One request as the server saw it. */
export interface Logged {
  method: string;
  path: string;
  /** The JSON request, or for an octet-stream request its Hushnote-Save fields. */
  body: Record<string, unknown> | null;
  /** The octet-stream request's bytes. */
  bytes: Buffer | null;
  headers: IncomingHttpHeaders;
}
/** What a route answers; `undefined` from a route means "not mine" (404). Bytes go out as octet-stream. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** An octet-stream answer whose fields travel in Hushnote-Open, as the Worker's opens answer. */
export const opened = (meta: Record<string, unknown>, body: Uint8Array): Reply => ({
  status: 200,
  body,
  headers: { "Hushnote-Open": JSON.stringify(meta), "Content-Length": String(body.length) },
});
export type Route = (request: Logged) => Reply | undefined;

export interface FakeServer {
  origin: string;
  log: Logged[];
  /** The requests that carried a proof (any POST, PUT or DELETE with one): what a refusal must never be preceded by. */
  proofs(): Logged[];
  close(): Promise<void>;
}

export const CONFIG = {
  instanceName: "fake",
  maxBodyBytes: 10 * 1048576,
  maxViews: 100,
  minTtl: 60,
  maxTtl: 2592000,
  defaultTtl: 86400,
  expiryChoices: [3600, 86400],
  minKdfIterations: 310000,
  defaultKdfIterations: 600000,
  lockoutLimit: 10,
};

/** Starts a server that answers `route`, GET /api/config with CONFIG, and anything else with a JSON 404. */
export async function fakeServer(route: Route): Promise<FakeServer> {
  const log: Logged[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const octets = req.headers["content-type"] === "application/octet-stream";
      const save = req.headers["hushnote-save"];
      const fields = octets ? (typeof save === "string" ? save : "") : raw.toString("utf8");
      const entry: Logged = {
        method: req.method ?? "GET",
        path: req.url ?? "/",
        body: fields ? JSON.parse(fields) : null,
        bytes: octets ? raw : null,
        headers: req.headers,
      };
      log.push(entry);
      const reply =
        route(entry) ??
        (entry.path === "/api/config"
          ? { status: 200, body: CONFIG }
          : { status: 404, body: { status: 404, error: "Not found." } });
      const bytes = reply.body instanceof Uint8Array;
      res.writeHead(reply.status, {
        "Content-Type": bytes ? "application/octet-stream" : "application/json",
        ...reply.headers,
      });
      const { body } = reply;
      res.end(
        body === undefined ? "" : body instanceof Uint8Array || typeof body === "string" ? body : JSON.stringify(body),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    log,
    proofs: () => log.filter((l) => l.body !== null && "proof" in l.body),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** A notepad as a server stores it. */
export interface StoredPad {
  header: string;
  wrappedKey: string;
  body: Uint8Array;
  version: number;
}

/** Seals a notepad `id` in `format` (v2: body version `bodyVersion`); `salt` pins the salt, `iterations` the KDF cost. */
export async function sealPad(
  id: string,
  text: string,
  password: string,
  opts: { format?: FormatVersion; bodyVersion?: number; iterations?: number; salt?: Uint8Array; version?: number } = {},
): Promise<StoredPad> {
  const sealed = await seal(
    { text, tabs: [], files: [] },
    {
      kind: "pad",
      id,
      views: null,
      ttl: null,
      linkKey: null,
      password,
      iterations: opts.iterations ?? 600_000,
      salt: opts.salt,
      version: opts.format ?? 1,
      ...(opts.format === 2 ? { bodyVersion: opts.bodyVersion ?? 1 } : {}),
      minIterations: 310_000,
    },
  );
  return {
    header: sealed.header,
    wrappedKey: sealed.wrappedKey,
    body: sealed.body,
    version: opts.version ?? opts.bodyVersion ?? 1,
  };
}

/** Another save of the same notepad (same data key): `text` sealed for v2 body version `bodyVersion`. */
export async function resealPad(
  pad: StoredPad,
  text: string,
  password: string,
  bodyVersion: number,
): Promise<StoredPad> {
  const unlocked = await unlock(pad.header, { password }, { minIterations: 310_000 });
  const body = await reseal(unlocked, pad.wrappedKey, { text, tabs: [], files: [] }, { bodyVersion });
  return { ...pad, body, version: bodyVersion };
}

/**
 * Routes for notepads kept in `pads` (slug → what the server serves there; a test swaps entries to attack). Every open
 * without a device credential gets `device` back, and so does a save; any proof is accepted: this server is the attacker.
 */
export function padRoutes(pads: Map<string, StoredPad>, device = "dev1ce-credential-from-the-fake-server"): Route {
  return (req) => {
    const [, slug, action] = /^\/api\/pads\/([^/]+)(?:\/(open))?$/.exec(req.path) ?? [];
    if (!slug) return undefined;
    const pad = pads.get(slug);
    const presented = req.body?.device ?? req.headers["hushnote-device"];
    const issued = presented ? {} : { device };
    if (req.method === "GET" && pad) return { status: 200, body: { slug, header: pad.header, version: pad.version } };
    if (req.method === "POST" && action === "open" && pad) {
      const meta = { wrappedKey: pad.wrappedKey, version: pad.version, size: pad.body.length, ...issued };
      return opened(meta, pad.body);
    }
    if (req.method === "PUT" && req.body && req.bytes) {
      const put = req.body as { version: number; header: string; wrappedKey: string };
      if ((pad?.version ?? 0) !== put.version)
        return { status: 409, body: { status: 409, error: "Conflict.", version: pad?.version } };
      const saved = { header: put.header, wrappedKey: put.wrappedKey, body: new Uint8Array(req.bytes) };
      pads.set(slug, { ...saved, version: put.version + 1 });
      return { status: 200, body: { version: put.version + 1, ...issued } };
    }
    if (req.method === "DELETE" && pad) {
      pads.delete(slug);
      return { status: 204 };
    }
    return { status: 404, body: { status: 404, error: "No notepad here." } };
  };
}
