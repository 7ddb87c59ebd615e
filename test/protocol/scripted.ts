/**
 * A scripted HTTP server on a loopback port, for the faults the real Worker cannot produce on demand: a body cut
 * half-way, a part answered 503, a hostile Hushnote-Open. It logs every request with its headers and body bytes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/** One request as the server saw it. */
export interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

export type Handler = (seen: Seen, res: ServerResponse) => void;

export interface Scripted {
  origin: string;
  seen: Seen[];
  close(): Promise<void>;
}

/**
 * Serves `handler` once each request's body has been read in full; `readDelayMs` pauses after every chunk read, a
 * slow network that lets a client's upload progress show.
 */
export async function scripted(handler: Handler, readDelayMs = 0): Promise<Scripted> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      if (!readDelayMs) return;
      req.pause();
      setTimeout(() => req.resume(), readDelayMs);
    });
    req.on("end", () => {
      const entry = {
        method: req.method ?? "GET",
        path: req.url ?? "/",
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      seen.push(entry);
      handler(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers JSON with `status`. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "application/json", ...headers }).end(JSON.stringify(body));
}

/** Sends `bytes` as the start of a body that announced `length`, then drops the connection: a download cut short. */
export function cut(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  bytes: Uint8Array,
  length: number,
): void {
  res.writeHead(status, { "Content-Type": "application/octet-stream", "Content-Length": String(length), ...headers });
  res.write(bytes, () => setTimeout(() => res.destroy(), 20));
}

/** Bytes 0..n-1 with a pattern that shows any shift or repeat. */
export function pattern(n: number, seed = 7): Uint8Array {
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = (i * 31 + seed + (i >> 8)) & 0xff;
  return bytes;
}

/** Yields `bytes` in chunks of the given sizes, cycling through them (so chunks straddle part boundaries). */
export async function* chunked(bytes: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    yield bytes.slice(at, at + size);
    at += size;
  }
}
