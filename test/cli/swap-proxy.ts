/**
 * A loopback proxy in front of the test Worker that plays a malicious server: in the public GET of a secret request
 * it puts its own public key in place of the asker's, and it records every request it passes on.
 */
import { createServer, request as forward } from "node:http";
import type { AddressInfo } from "node:net";

export interface SwapProxy {
  origin: string;
  /** Every request seen, as "METHOD path". */
  seen: string[];
  stop(): Promise<void>;
}

/** Starts the proxy to `target` (an origin); `publicKey` (base64url) is the key it serves for every request. */
export async function swapProxy(target: string, publicKey: string): Promise<SwapProxy> {
  const seen: string[] = [];
  const server = createServer((incoming, outgoing) => {
    const { method = "GET", url = "/" } = incoming;
    seen.push(`${method} ${url}`);
    const swap = method === "GET" && /^\/api\/requests\/[A-Za-z0-9_-]{22}$/.test(url);
    const { "accept-encoding": _, ...headers } = incoming.headers;
    const upstream = forward(new URL(url, target), { method, headers: { ...headers, host: new URL(target).host } });
    upstream.on("response", (answer) => {
      if (!swap || answer.statusCode !== 200) {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        return void answer.pipe(outgoing);
      }
      const chunks: Buffer[] = [];
      answer.on("data", (chunk: Buffer) => chunks.push(chunk));
      answer.on("end", () => {
        const body = JSON.stringify({ ...JSON.parse(Buffer.concat(chunks).toString()), publicKey });
        const { "content-length": _length, ...rest } = answer.headers;
        outgoing.writeHead(200, { ...rest, "content-length": Buffer.byteLength(body) }).end(body);
      });
    });
    upstream.on("error", () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
