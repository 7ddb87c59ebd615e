/**
 * A loopback proxy in front of the test Worker that breaks a note's download the way a lost connection does: the
 * next open's body is cut after a number of bytes (the socket dropped) or held there (a stalled network), and the
 * resume requests can be refused; uploads can be stalled too.
 */
import { createServer, request as forward } from "node:http";
import type { AddressInfo } from "node:net";

export interface CutProxy {
  origin: string;
  /** Every request seen, as "METHOD path" plus " Range" when it had one. */
  seen: string[];
  /** The next POST …/open answer is cut after `after` body bytes, or with `hold` stops there for good. */
  cutNextOpen(after: number, hold?: boolean): void;
  /** Whether part uploads (PUT …/parts/n) are swallowed, never answered. */
  stallUploads(stall: boolean): void;
  /** Whether GET …/body (the resume) is answered 404 by the proxy instead of reaching the Worker. */
  refuseResume(refuse: boolean): void;
  stop(): Promise<void>;
}

/** Starts a proxy to `target` (an origin) on a free loopback port. */
export async function cutProxy(target: string): Promise<CutProxy> {
  let cutAfter: number | null = null;
  let holding = false;
  let refuse = false;
  let stall = false;
  const seen: string[] = [];
  const server = createServer((incoming, outgoing) => {
    const { method = "GET", url = "/" } = incoming;
    seen.push(`${method} ${url}${incoming.headers.range ? ` ${incoming.headers.range}` : ""}`);
    if (refuse && method === "GET" && url.endsWith("/body")) {
      outgoing.writeHead(404, { "Content-Type": "application/json" });
      return void outgoing.end('{"status":404,"error":"Gone."}');
    }
    if (stall && method === "PUT" && url.includes("/parts/")) return void incoming.resume();
    const cut = method === "POST" && url.endsWith("/open") ? cutAfter : null;
    const hold = cut !== null && holding;
    if (cut !== null) cutAfter = null;
    const upstream = forward(new URL(url, target), {
      method,
      headers: { ...incoming.headers, host: new URL(target).host },
    });
    upstream.on("response", (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      if (cut === null) return void answer.pipe(outgoing);
      let sent = 0;
      answer.on("data", (chunk: Buffer) => {
        const room = cut - sent;
        if (room <= 0) return;
        outgoing.write(chunk.subarray(0, room));
        sent += Math.min(room, chunk.length);
        if (sent < cut) return;
        if (hold) return void answer.pause();
        answer.destroy();
        // Flushes what was written, then drops the connection mid-body, as a network failure would.
        outgoing.socket?.end(() => outgoing.socket?.destroy());
      });
    });
    upstream.on("error", () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    cutNextOpen: (after, hold = false) => {
      cutAfter = after;
      holding = hold;
    },
    stallUploads: (value) => {
      stall = value;
    },
    refuseResume: (value) => {
      refuse = value;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
