// The Cloudflare Access gate end to end: the real Worker (wrangler dev, in-process) fetches the signing keys from a
// JWKS served on loopback by this test, with keys this test generates. Plain http is allowed for ACCESS_JWKS_URL on
// loopback only (worker/config.ts says why); anywhere else it must be https.

import { webcrypto as crypto } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../browser/server";

const TEAM = "https://team.example";
const AUD = "hushnote-test-aud";
const b64u = (bytes: Uint8Array | ArrayBuffer) => Buffer.from(bytes as ArrayBuffer).toString("base64url");
const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));

let jwks: Server;
/** How often the Worker fetched the key set. */
let jwksFetches = 0;
let worker: TestServer;
let privateKey: CryptoKey;

async function token(payload: Record<string, unknown>, kid = "key-1") {
  const enc = (o: object) => b64u(new TextEncoder().encode(JSON.stringify(o)));
  const input = `${enc({ alg: "RS256", kid, typ: "JWT" })}.${enc(payload)}`;
  return `${input}.${b64u(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", privateKey, new TextEncoder().encode(input)))}`;
}

function noteRequest() {
  const id = b64u(random(16));
  const header = b64u(
    new TextEncoder().encode(JSON.stringify({ v: 1, kind: "note", id, kdf: null, link: true, views: 1, ttl: 3600 })),
  );
  return {
    id,
    header,
    wrappedKey: b64u(random(60)),
    size: 8 + 600 + 16, // a v1 body of one record: the bytes themselves are uploaded as parts afterwards
    verifier: b64u(random(32)),
    views: 1,
    ttl: 3600,
  };
}

function create(headers: Record<string, string> = {}) {
  return fetch(`${worker.origin}/api/notes`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(noteRequest()),
  });
}

beforeAll(async () => {
  const pair = (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  privateKey = pair.privateKey;
  const publicJwk = { ...(await crypto.subtle.exportKey("jwk", pair.publicKey)), kid: "key-1", use: "sig" };
  jwks = createServer((_req, res) => {
    jwksFetches++;
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ keys: [publicJwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
  const { port } = jwks.address() as AddressInfo;
  worker = await startServer({
    ACCESS_TEAM_DOMAIN: TEAM,
    ACCESS_AUD: AUD,
    ACCESS_JWKS_URL: `http://127.0.0.1:${port}/certs`,
  });
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  jwks?.close();
});

describe("creating behind Cloudflare Access", () => {
  const now = () => Math.floor(Date.now() / 1000);

  it("lets a team member with a valid Access token create a note", async () => {
    const response = await create({
      "Cf-Access-Jwt-Assertion": await token({ aud: [AUD], iss: TEAM, exp: now() + 300 }),
    });
    expect(response.status).toBe(201);
  });

  it("also accepts the token from a signed-in browser's CF_Authorization cookie", async () => {
    const response = await create({
      Cookie: `other=1; CF_Authorization=${await token({ aud: AUD, iss: TEAM, exp: now() + 300 })}`,
    });
    expect(response.status).toBe(201);
  });

  it("refuses no token, an expired one, another application's, and one signed by another key", async () => {
    const other = (await crypto.subtle.generateKey(
      { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
      true,
      ["sign"],
    )) as CryptoKeyPair;
    const forged = await token({ aud: [AUD], iss: TEAM, exp: now() + 300 }).then(async (t) => {
      const input = t.split(".").slice(0, 2).join(".");
      return `${input}.${b64u(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", other.privateKey, new TextEncoder().encode(input)))}`;
    });
    const cases = [
      {},
      { "Cf-Access-Jwt-Assertion": await token({ aud: [AUD], iss: TEAM, exp: now() - 3600 }) },
      { "Cf-Access-Jwt-Assertion": await token({ aud: ["someone-else"], iss: TEAM, exp: now() + 300 }) },
      { "Cf-Access-Jwt-Assertion": forged },
    ];
    for (const headers of cases) {
      const response = await create(headers);
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: string }).error).toMatch(/Cloudflare Access/);
    }
  });

  it("fetches the signing keys once and checks every later token against the isolate's cached copy", async () => {
    for (let i = 0; i < 3; i++) {
      const response = await create({
        "Cf-Access-Jwt-Assertion": await token({ aud: AUD, iss: TEAM, exp: now() + 300 }),
      });
      expect(response.status).toBe(201);
    }
    // One fetch in all, whether or not earlier tests in this file already caused it.
    expect(jwksFetches).toBe(1);
  });

  it("keeps reading public", async () => {
    const response = await fetch(`${worker.origin}/api/notes/${b64u(random(16))}`);
    expect(response.status).toBe(404);
  });
});
