// npm run bench: requests per second for create and open against `wrangler dev` (what `npm start` runs) on loopback,
// then the crypto figures. Prints figures; asserts nothing. Everything stops by itself.
import { spawn } from "node:child_process";
import { webcrypto as crypto, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 16;

const b64u = (bytes) => Buffer.from(bytes).toString("base64url");
const random = (n) => new Uint8Array(randomBytes(n));

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startWrangler() {
  const port = await freePort();
  const state = mkdtempSync(join(tmpdir(), "hushnote-bench-"));
  const child = spawn(
    "node_modules/.bin/wrangler",
    [
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      state,
      "--log-level",
      "warn",
      "--var",
      "RATE_LIMITS:false",
      "--var",
      "HUSHNOTE_DEV:true",
    ],
    {
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${origin}/api/config`)).ok)
        return {
          origin,
          stop: () => {
            process.kill(-child.pid, "SIGTERM");
            rmSync(state, { recursive: true, force: true });
          },
        };
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  process.kill(-child.pid, "SIGTERM");
  throw new Error("wrangler dev did not start within 60 s");
}

function noteRequest(bodyBytes, views, authKeyHash = random(32)) {
  const id = b64u(random(16));
  const header = b64u(Buffer.from(JSON.stringify({ v: 1, kind: "note", id, kdf: null, link: true, views, ttl: 3600 })));
  return {
    id,
    header,
    wrappedKey: b64u(random(60)),
    body: b64u(random(bodyBytes)),
    verifier: b64u(authKeyHash),
    views,
    ttl: 3600,
  };
}

function run(title, options) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration: DURATION, ...options }, (error, result) => {
      if (error) return reject(error);
      const bad = result.non2xx + result.errors;
      console.log(
        `${title.padEnd(34)} ${result.requests.average.toFixed(0).padStart(6)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  (${result.requests.total} requests, ${bad} not 2xx)`,
      );
      resolve(result);
    });
  });
}

const server = await startWrangler();
let statusId;
// A failure inside autocannon's request builders surfaces as an uncaught exception: never leave wrangler running.
process.on("uncaughtException", (error) => {
  server.stop();
  console.error(error);
  process.exit(1);
});
try {
  console.log(`Worker: wrangler dev on ${server.origin}; ${CONNECTIONS} connections, ${DURATION} s each\n`);
  const json = { "Content-Type": "application/json" };
  for (const size of [1024, 64 * 1024, 1024 * 1024]) {
    await run(`create (${size / 1024} KiB body)`, {
      url: `${server.origin}/api/notes`,
      method: "POST",
      headers: json,
      requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify(noteRequest(size, 1)) }) }],
    });
  }
  for (const size of [1024, 1024 * 1024]) {
    const authKey = random(32);
    const note = noteRequest(size, null, new Uint8Array(await crypto.subtle.digest("SHA-256", authKey)));
    const created = await fetch(`${server.origin}/api/notes`, {
      method: "POST",
      headers: json,
      body: JSON.stringify(note),
    });
    if (created.status !== 201) throw new Error(`could not create the open-bench note: ${created.status}`);
    await run(`open (${size / 1024} KiB, views until expiry)`, {
      url: `${server.origin}/api/notes/${note.id}/open`,
      method: "POST",
      headers: json,
      body: JSON.stringify({ proof: b64u(authKey) }),
    });
    statusId = note.id;
  }
  await run("status GET (non-consuming)", { url: `${server.origin}/api/notes/${statusId}` });
} finally {
  server.stop();
}

if (existsSync("scripts/bench-crypto.mjs")) {
  console.log("");
  await import("./bench-crypto.mjs");
}
