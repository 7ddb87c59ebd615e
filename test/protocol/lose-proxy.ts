/**
 * A loopback proxy in front of the real Worker that loses answers: a request it is told to lose reaches the Worker
 * and is carried out, but its answer never reaches the client (the connection drops once the Worker has answered),
 * which is what a client sees when the network fails after the server committed.
 */
import { createServer, request as forward } from "node:http";
import type { AddressInfo } from "node:net";

/** One request through the proxy: what it carried, what the Worker answered, and whether the client got it. */
export interface Passed {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  workerStatus: number;
  lost: boolean;
}

export interface LoseProxy {
  origin: string;
  passed: Passed[];
  /** The next `times` requests with this method whose path matches lose their answers. */
  lose(method: string, path: RegExp, times?: number): void;
  stop(): Promise<void>;
}

/** Starts a proxy to `target` (an origin) on a free loopback port. */
export async function loseProxy(target: string): Promise<LoseProxy> {
  const passed: Passed[] = [];
  let plan: { method: string; path: RegExp; times: number } | null = null;
  const server = createServer((incoming, outgoing) => {
    const { method = "GET", url = "/" } = incoming;
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const body = Buffer.concat(chunks);
      const lost = plan !== null && plan.times > 0 && plan.method === method && plan.path.test(url);
      if (lost) plan!.times--;
      const upstream = forward(new URL(url, target), {
        method,
        headers: { ...incoming.headers, host: new URL(target).host },
      });
      upstream.on("response", (answer) => {
        const entry = { method, path: url, headers: incoming.headers, body, workerStatus: answer.statusCode!, lost };
        passed.push(entry);
        if (!lost) {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          return void answer.pipe(outgoing);
        }
        // The Worker's whole answer is read (so it has done everything it does for this request), then dropped.
        answer.resume();
        answer.on("end", () => outgoing.socket?.destroy());
      });
      upstream.on("error", () => outgoing.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    passed,
    lose: (method, path, times = 1) => {
      plan = { method, path, times };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
