/**
 * A loopback HTTP proxy in front of the test Worker that can break or hold the body of a note's open, the way a lost
 * connection or a slow network would: the page talks to the proxy's origin and never knows.
 */
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * What happens to the next open's body after `after` bytes: cut (the connection drops), held until released, or the
 * byte at that offset flipped (tampering in transit) with the rest passed on.
 */
export type OpenFault = { kind: "cut" | "hold" | "flip"; after: number };

export interface FaultyProxy {
  origin: string;
  /** Every request seen, as "METHOD path" plus its Range header if any. */
  seen: string[];
  /** Applies to the next POST …/open only. */
  fault(next: OpenFault): void;
  /** Lets a held body go on. */
  release(): void;
  stop(): Promise<void>;
}

/** Starts a proxy to `target` (an origin) on a free loopback port. */
export async function startProxy(target: string): Promise<FaultyProxy> {
  let pending: OpenFault | null = null;
  let releaseHeld: () => void = () => {};
  const seen: string[] = [];
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const range = incoming.headers.range;
    seen.push(`${incoming.method} ${incoming.url}${range ? ` ${range}` : ""}`);
    const fault = incoming.method === "POST" && /\/open$/.test(incoming.url ?? "") ? pending : null;
    if (fault) pending = null;
    const upstream = forward(new URL(incoming.url ?? "/", target), {
      method: incoming.method,
      headers: { ...incoming.headers, host: new URL(target).host },
    });
    upstream.on("response", (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      if (!fault) return void answer.pipe(outgoing);
      let sent = 0;
      if (fault.kind === "flip") {
        answer.on("data", (chunk: Buffer) => {
          const at = fault.after - sent;
          if (at >= 0 && at < chunk.length) chunk[at]! ^= 1;
          sent += chunk.length;
          outgoing.write(chunk);
        });
        return void answer.on("end", () => outgoing.end());
      }
      answer.on("data", (chunk: Buffer) => {
        if (sent >= fault.after) return;
        const room = fault.after - sent;
        outgoing.write(chunk.subarray(0, room));
        sent += Math.min(room, chunk.length);
        if (sent < fault.after) return;
        if (fault.kind === "cut") {
          // A moment later, so the page has taken in what arrived: a stream that errors drops chunks not yet read.
          answer.pause();
          setTimeout(() => {
            answer.destroy();
            outgoing.socket?.destroy();
          }, 1000);
        } else {
          answer.pause();
          const leftover = chunk.subarray(room);
          releaseHeld = () => {
            outgoing.write(leftover);
            answer.on("data", (rest: Buffer) => outgoing.write(rest));
            answer.on("end", () => outgoing.end());
            answer.resume();
          };
        }
      });
    });
    upstream.on("error", () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    fault: (next) => {
      pending = next;
    },
    release: () => releaseHeld(),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
