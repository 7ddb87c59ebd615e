/**
 * A loopback proxy in front of the test Worker that loses answers the way a real network does, so the pages' and the
 * CLI's own recovery can be watched from the outside: a request reaches the Worker, which commits it, and the answer
 * never comes back (the connection reset); a gateway answers 502/503 a few times; or the server is down altogether.
 */
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * What the proxy does to a matching request: `lose` forwards it, lets the Worker answer in full, then resets the
 * client's connection; `answer` never forwards it and answers `status` instead; `down` never forwards it and resets.
 */
export type FaultKind = { kind: "lose" } | { kind: "answer"; status: number } | { kind: "down" };

/** Which requests a fault applies to (any method when none is named), and how many: the first `times` that match. */
export type Fault = FaultKind & { method?: string; path: RegExp; times: number };

/** One request as it passed: what the client sent (its idempotency key, if any) and what it got back. */
export interface Passed {
  method: string;
  path: string;
  /** The client-chosen key the request carried: manageToken (create), grant (open) or saveId (pad save). */
  key: string | undefined;
  /** What the Worker answered (undefined when the proxy never forwarded it). */
  workerStatus: number | undefined;
  /** What the client received: a status, or "reset" when its connection was dropped without an answer. */
  clientGot: number | "reset";
}

export interface RecoveryProxy {
  origin: string;
  /** Every finished request, in order. */
  passed: Passed[];
  /** Adds a fault; faults are tried in the order added, each until it has hit `times` requests. */
  fault(fault: Fault): void;
  /** Drops every fault not yet used up. */
  heal(): void;
  stop(): Promise<void>;
}

/** The idempotency key a request carries, wherever its route puts it (JSON body or the Hushnote-Save header). */
function keyOf(incoming: IncomingMessage, body: Buffer): string | undefined {
  const save = incoming.headers["hushnote-save"];
  let fields: unknown;
  try {
    fields = JSON.parse(typeof save === "string" ? save : body.toString("utf8"));
  } catch {
    return undefined;
  }
  if (!fields || typeof fields !== "object") return undefined;
  const { manageToken, grant, saveId } = fields as Record<string, unknown>;
  const key = manageToken ?? grant ?? saveId;
  return typeof key === "string" ? key : undefined;
}

/** Starts a proxy to `target` (an origin) on a free loopback port. */
export async function startRecoveryProxy(target: string): Promise<RecoveryProxy> {
  let faults: (Fault & { hits: number })[] = [];
  const passed: Passed[] = [];
  const take = (method: string, path: string) => {
    const fault = faults.find((f) => f.hits < f.times && (f.method ?? method) === method && f.path.test(path));
    if (fault) fault.hits++;
    return fault;
  };

  const handle = (incoming: IncomingMessage, outgoing: ServerResponse, body: Buffer) => {
    const { method = "GET", url = "/" } = incoming;
    const path = new URL(url, target).pathname;
    const fault = take(method, path);
    const record = (workerStatus: number | undefined, clientGot: number | "reset") =>
      passed.push({ method, path, key: keyOf(incoming, body), workerStatus, clientGot });
    if (fault?.kind === "down") {
      record(undefined, "reset");
      return void outgoing.socket?.destroy();
    }
    if (fault?.kind === "answer") {
      record(undefined, fault.status);
      outgoing.writeHead(fault.status, { "Content-Type": "text/html", Connection: "close" });
      return void outgoing.end("<html><body><h1>Bad Gateway</h1></body></html>");
    }
    const upstream = forward(new URL(url, target), {
      method,
      headers: { ...incoming.headers, host: new URL(target).host },
    });
    upstream.on("response", (answer) => {
      const status = answer.statusCode ?? 502;
      if (fault?.kind === "lose") {
        // The Worker's whole answer is read (so whatever it did is done), then the client hears nothing.
        answer.resume();
        return void answer.on("end", () => {
          record(status, "reset");
          outgoing.socket?.destroy();
        });
      }
      record(status, status);
      outgoing.writeHead(status, answer.headers);
      answer.pipe(outgoing);
    });
    upstream.on("error", () => outgoing.socket?.destroy());
    upstream.end(body);
  };

  const server = createServer((incoming, outgoing) => {
    // Bodies here are small (notes of a few bytes, pads): buffered, so their idempotency key can be read.
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => handle(incoming, outgoing, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    passed,
    fault: (fault) => void faults.push({ ...fault, hits: 0 }),
    heal: () => {
      faults = [];
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
