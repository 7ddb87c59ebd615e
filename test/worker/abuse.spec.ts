import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { keyFromSet, verifyAccessJwt } from "../../worker/access";
import type { AccessConfig } from "../../worker/config";
import { addressPrefix } from "../../worker/rate-limit";
import { call, makeNote, randomBytes } from "./helpers";

let ipCounter = 1;
/** A client address nobody else in the suite uses. */
const freshIp = () => `198.51.100.${ipCounter++}`;

/** The emulated limiter counts in fixed 10 s windows; start a burst early in one so it cannot straddle two. */
async function startOfWindow() {
  const left = 10_000 - (Date.now() % 10_000);
  if (left < 8_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

async function postFrom(ip: string) {
  const note = await makeNote();
  return call("POST", "/api/notes", { json: note.request, headers: { "CF-Connecting-IP": ip } });
}

describe("rate limits (Workers Rate Limiting binding)", () => {
  it("answers 429 with Retry-After once an address has created 20 notes in the window; other addresses are unaffected", async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    await startOfWindow();
    for (let i = 0; i < 22; i++) statuses.push((await postFrom(ip)).status);
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(20);
    const refused = await postFrom(ip);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toBe("10");
    expect(await refused.json()).toMatchObject({ status: 429, error: expect.stringMatching(/Too many requests/) });
    expect((await postFrom(freshIp())).status).toBe(201);
  });

  it("limits reads (status, open) per address", async () => {
    const ip = freshIp();
    const id = toBase64Url(randomBytes(16));
    const statuses: number[] = [];
    await startOfWindow();
    for (let i = 0; i < 110; i++)
      statuses.push((await call("GET", `/api/notes/${id}`, { headers: { "CF-Connecting-IP": ip } })).status);
    expect(statuses).toContain(404);
    expect(statuses.at(-1)).toBe(429);
  });

  it("counts an IPv6 client by its /64 and an IPv4-mapped one by its IPv4 address", () => {
    expect(addressPrefix("2001:db8:0:1:aaaa::1")).toBe("2001:db8:0:1");
    expect(addressPrefix("2001:db8::1")).toBe("2001:db8:0:0");
    expect(addressPrefix("2001:0db8:0000:0001:1:2:3:4")).toBe("2001:db8:0:1");
    expect(addressPrefix("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(addressPrefix("203.0.113.9")).toBe("203.0.113.9");
  });
});

describe("Cloudflare Access JWT verification", () => {
  const access: AccessConfig = {
    teamDomain: "https://team.example",
    audience: "aud-tag-1",
    jwksUrl: "http://127.0.0.1:1/unused",
  };

  async function keyPair(kid: string) {
    const pair = (await crypto.subtle.generateKey(
      { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
      true,
      ["sign", "verify"],
    )) as CryptoKeyPair;
    const jwk = { ...((await crypto.subtle.exportKey("jwk", pair.publicKey)) as JsonWebKey), kid };
    return { privateKey: pair.privateKey, jwk };
  }

  async function sign(privateKey: CryptoKey, header: object, payload: object) {
    const enc = (o: object) => toBase64Url(new TextEncoder().encode(JSON.stringify(o)));
    const input = `${enc(header)}.${enc(payload)}`;
    const signature = new Uint8Array(
      await crypto.subtle.sign("RSASSA-PKCS1-v1_5", privateKey, new TextEncoder().encode(input)),
    );
    return `${input}.${toBase64Url(signature)}`;
  }

  it("accepts a token for this audience and team, and refuses every way of being wrong", async () => {
    const good = await keyPair("k1");
    const other = await keyPair("k2");
    const keys = (kid: string) => keyFromSet([good.jwk], kid);
    const now = Date.now();
    const payload = {
      aud: ["aud-tag-1"],
      iss: "https://team.example",
      exp: now / 1000 + 300,
      nbf: now / 1000 - 10,
      email: "a@team.example",
    };
    const header = { alg: "RS256", kid: "k1" };
    expect(await verifyAccessJwt(await sign(good.privateKey, header, payload), access, now, keys)).toBe(true);
    const refusals = [
      await sign(good.privateKey, header, { ...payload, aud: ["another-app"] }),
      await sign(good.privateKey, header, { ...payload, iss: "https://evil.example" }),
      await sign(good.privateKey, header, { ...payload, exp: now / 1000 - 120 }),
      await sign(good.privateKey, header, { ...payload, nbf: now / 1000 + 600 }),
      await sign(other.privateKey, header, payload),
      await sign(other.privateKey, { alg: "RS256", kid: "k2" }, payload),
      await sign(good.privateKey, { alg: "none", kid: "k1" }, payload),
      "not.a.jwt",
      "onlyonepart",
    ];
    for (const token of refusals)
      expect(await verifyAccessJwt(token, access, now, keys), token.slice(0, 40)).toBe(false);
  });

  it("gates creation when ACCESS_* is set: no token → 403 naming Access; reading stays public", async () => {
    const { callWith } = await import("./helpers");
    const vars = {
      ACCESS_TEAM_DOMAIN: "team.example",
      ACCESS_AUD: "aud-tag-1",
      ACCESS_JWKS_URL: "http://127.0.0.1:9/certs",
    };
    const note = await makeNote();
    const response = await callWith(vars, "POST", "/api/notes", { json: note.request });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: string }).error).toMatch(/Cloudflare Access/);
    expect((await callWith(vars, "GET", `/api/notes/${note.id}`)).status).toBe(404);
    expect(await (await callWith(vars, "GET", "/api/config")).json()).toMatchObject({ accessRequiredToCreate: true });
  });
});
