// Requests per second for small notes (autocannon, 16 connections): create, open of one unlimited note, open where
// every request burns a distinct one-time note, the status GET and the open page in German; with the runtime's CPU
// per request.
import { createHash, randomBytes } from "node:crypto";
import autocannon from "autocannon";
import { measured } from "./measure.mjs";

const CONNECTIONS = 16;
const b64u = (bytes) => Buffer.from(bytes).toString("base64url");
const json = { "Content-Type": "application/json" };

/**
 * A note the Worker accepts without any client crypto: a format v1 header with a link key, random bytes of a sealed
 * 1 KiB payload's length as its body (the server cannot tell them from ciphertext), and the proof that opens it.
 */
function fabricate(c, views) {
  const id = b64u(randomBytes(16));
  const proof = randomBytes(32);
  const ttl = 3600;
  const header = b64u(Buffer.from(JSON.stringify({ v: 1, kind: "note", id, kdf: null, link: true, views, ttl })));
  const size = c.ciphertextLength(1024, 1);
  return {
    note: {
      id,
      header,
      wrappedKey: b64u(randomBytes(c.WRAPPED_KEY_SIZE)),
      verifier: b64u(sha256(proof)),
      views,
      ttl,
      size,
    },
    proof: b64u(proof),
    body: randomBytes(size),
  };
}

const sha256 = (bytes) => createHash("sha256").update(bytes).digest();

/** Creates a fabricated note and uploads its one part; returns its id and proof. */
async function createFabricated(origin, c, views) {
  const { note, proof, body } = fabricate(c, views);
  const created = await fetch(`${origin}/api/notes`, { method: "POST", headers: json, body: JSON.stringify(note) });
  if (created.status !== 201) throw new Error(`create answered ${created.status}: ${await created.text()}`);
  const { manageToken } = await created.json();
  const part = await fetch(`${origin}/api/notes/${note.id}/parts/0`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${manageToken}`, "Content-Type": "application/octet-stream" },
    body,
  });
  if (part.status !== 200) throw new Error(`part upload answered ${part.status}: ${await part.text()}`);
  return { id: note.id, proof };
}

/** Runs autocannon against the server, accounting the runtime's CPU; `notes` converts requests to notes (create: 2). */
async function row(server, title, options, requestsPerNote = 1) {
  const { result, cpu } = await measured(server.runtime, () => autocannon({ connections: CONNECTIONS, ...options }));
  const total = result.requests.total;
  return {
    title,
    requestsPerSecond: total / result.duration,
    notesPerSecond: total / requestsPerNote / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: total,
    notOk: result.non2xx + result.errors,
    cpuMsPerRequest: { worker: cpu.worker / total, proxy: cpu.proxy / total },
  };
}

/** Every row; `seconds` per timed row, `oneTime` distinct one-time notes made beforehand (16 at a time, not timed). */
export async function benchRows(server, c, { seconds, oneTime, log }) {
  const { origin } = server;
  const rows = [];
  rows.push(
    await row(
      server,
      "create, 1 KiB (POST + PUT part)",
      {
        duration: seconds,
        url: origin,
        requests: [
          {
            method: "POST",
            path: "/api/notes",
            headers: json,
            setupRequest: (request) => {
              const made = fabricate(c, 1);
              return { ...request, body: JSON.stringify(made.note) };
            },
            onResponse: (status, body, context) => {
              if (status === 201) context.created = JSON.parse(body);
            },
          },
          {
            method: "PUT",
            setupRequest: (request, context) => ({
              ...request,
              path: `/api/notes/${context.created.id}/parts/0`,
              headers: {
                Authorization: `Bearer ${context.created.manageToken}`,
                "Content-Type": "application/octet-stream",
              },
              body: randomBytes(c.ciphertextLength(1024, 1)),
            }),
          },
        ],
      },
      2,
    ),
  );
  const unlimited = await createFabricated(origin, c, null);
  rows.push(
    await row(server, "open, 1 KiB, one unlimited note", {
      duration: seconds,
      url: `${origin}/api/notes/${unlimited.id}/open`,
      method: "POST",
      headers: json,
      body: JSON.stringify({ proof: unlimited.proof }),
    }),
  );
  log(`  making ${oneTime} one-time notes for the burn row`);
  const burnable = [];
  for (let i = 0; i < oneTime; i += CONNECTIONS) {
    const batch = Array.from({ length: Math.min(CONNECTIONS, oneTime - i) }, () => createFabricated(origin, c, 1));
    burnable.push(...(await Promise.all(batch)));
  }
  let next = 0;
  rows.push(
    await row(server, "open, 1 KiB, each a distinct one-time note", {
      amount: burnable.length,
      url: origin,
      requests: [
        {
          method: "POST",
          headers: json,
          setupRequest: (request) => {
            const note = burnable[next++];
            return { ...request, path: `/api/notes/${note.id}/open`, body: JSON.stringify({ proof: note.proof }) };
          },
        },
      ],
    }),
  );
  rows.push(
    await row(server, "status GET (consumes nothing)", {
      duration: seconds,
      url: `${origin}/api/notes/${unlimited.id}`,
    }),
  );
  // The open page as a German reader's browser asks for it: the language negotiated, the asset served with its CSP.
  rows.push(
    await row(server, "open page GET (Accept-Language: de-DE, negotiated)", {
      duration: seconds,
      url: `${origin}/n/${unlimited.id}`,
      headers: { "Accept-Language": "de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7" },
    }),
  );
  return rows;
}
