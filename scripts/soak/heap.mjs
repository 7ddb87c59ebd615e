// The Worker isolate's JavaScript heap (V8's Runtime.getHeapUsage through wrangler's inspector proxy). Beside the
// runtime's RSS it separates what hushnote's code holds (the Worker and its Durable Objects share one isolate) from
// what the local runtime holds (its KV and Durable Object simulators, SQLite, the allocator). Node 20 has no
// WebSocket client without a flag, and the proxy refuses a client that sends a User-Agent but no Origin (the WHATWG
// WebSocket cannot set one), so this speaks the few RFC 6455 frames one command needs.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { request } from "node:http";

/** The inspector port `wrangler dev` was started with, read from its command line (it leads its process group). */
export function inspectorPortOf(pgid) {
  const args = readFileSync(`/proc/${pgid}/cmdline`, "utf8").split("\0");
  const at = args.indexOf("--inspector-port");
  if (at < 0) throw new Error("wrangler dev was started without --inspector-port");
  return Number(args[at + 1]);
}

/** One masked text frame (clients must mask), for a payload under 64 KiB. */
function textFrame(text) {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const length =
    payload.length < 126 ? [payload.length | 0x80] : [126 | 0x80, payload.length >> 8, payload.length & 255];
  return Buffer.concat([Buffer.from([0x81, ...length]), mask, payload.map((b, i) => b ^ mask[i % 4])]);
}

/** Splits complete unmasked frames off `buffer`: [{fin, opcode, payload}], and the bytes left over. */
function readFrames(buffer) {
  const frames = [];
  for (;;) {
    if (buffer.length < 2) break;
    let length = buffer[1] & 0x7f;
    let at = 2;
    if (length === 126) [length, at] = [buffer.length >= 4 ? buffer.readUInt16BE(2) : Infinity, 4];
    else if (length === 127) [length, at] = [buffer.length >= 10 ? Number(buffer.readBigUInt64BE(2)) : Infinity, 10];
    if (buffer.length < at + length) break;
    frames.push({ fin: buffer[0] & 0x80, opcode: buffer[0] & 0x0f, payload: buffer.subarray(at, at + length) });
    buffer = buffer.subarray(at + length);
  }
  return { frames, rest: buffer };
}

/** The isolate's V8 heap in bytes ({usedSize, totalSize}), asked over a connection opened and closed for this. */
export function workerHeap(inspectorPort, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const headers = {
      Connection: "Upgrade",
      Upgrade: "websocket",
      "Sec-WebSocket-Version": "13",
      "Sec-WebSocket-Key": randomBytes(16).toString("base64"),
      Origin: "http://127.0.0.1",
    };
    const req = request({ host: "127.0.0.1", port: inspectorPort, path: "/ws", headers, timeout: timeoutMs });
    req.on("timeout", () => req.destroy(new Error("the inspector did not answer in time")));
    req.on("error", reject);
    req.on("response", (res) => reject(new Error(`the inspector refused the connection: HTTP ${res.statusCode}`)));
    req.on("upgrade", (_res, socket, head) => {
      const timer = setTimeout(() => socket.destroy(new Error("no heap figure from the inspector in time")), timeoutMs);
      let buffer = head;
      let message = [];
      socket.on("error", reject);
      socket.on("close", () => clearTimeout(timer));
      socket.on("data", (chunk) => {
        const { frames, rest } = readFrames(Buffer.concat([buffer, chunk]));
        buffer = rest;
        for (const { fin, opcode, payload } of frames) {
          if (opcode === 8) return socket.destroy(new Error("the inspector closed the connection"));
          if (opcode !== 0 && opcode !== 1) continue; // pings and binary frames: nothing this asks for
          message.push(payload);
          if (!fin) continue;
          const parsed = JSON.parse(Buffer.concat(message).toString("utf8"));
          message = [];
          // The proxy's own commands use ids from 100,000,001; id 1 is ours.
          if (parsed.id !== 1) continue;
          socket.destroy();
          return parsed.result ? resolve(parsed.result) : reject(new Error(JSON.stringify(parsed.error)));
        }
      });
      socket.write(textFrame(JSON.stringify({ id: 1, method: "Runtime.getHeapUsage" })));
    });
    req.end();
  });
}
