// Cloudflare Access tokens as jose checks them: the refusals beyond abuse.spec.ts (missing exp, algorithm
// confusion, garbage), the clock tolerance on both edges, and a key set that cannot be fetched.
import { afterEach, describe, expect, it, vi } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { keyFromSet, verifyAccessJwt } from "../../worker/access";
import type { AccessConfig } from "../../worker/config";
import { callWith, makeNote } from "./helpers";

const access: AccessConfig = {
  teamDomain: "https://team.example",
  audience: "aud-tag-1",
  jwksUrl: "https://team.example/certs",
};
const enc = (value: object) => toBase64Url(new TextEncoder().encode(JSON.stringify(value)));
const RSA = {
  name: "RSASSA-PKCS1-v1_5",
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: "SHA-256",
};

const pair = (await crypto.subtle.generateKey(RSA, true, ["sign", "verify"])) as CryptoKeyPair;
const jwk = { ...((await crypto.subtle.exportKey("jwk", pair.publicKey)) as JsonWebKey), kid: "k1" };
const keys = (kid: string) => keyFromSet([jwk], kid);

async function rs256(payload: object, header: object = { alg: "RS256", kid: "k1" }) {
  const input = `${enc(header)}.${enc(payload)}`;
  const signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", pair.privateKey, new TextEncoder().encode(input));
  return `${input}.${toBase64Url(new Uint8Array(signature))}`;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("verifyAccessJwt (jose)", () => {
  const now = Date.now();
  const seconds = Math.floor(now / 1000);
  const claims = { aud: "aud-tag-1", iss: "https://team.example", exp: seconds + 300 };

  it("accepts a token whose exp or nbf is off by less than the 60 s clock tolerance", async () => {
    expect(await verifyAccessJwt(await rs256({ ...claims, exp: seconds - 50 }), access, now, keys)).toBe(true);
    expect(await verifyAccessJwt(await rs256({ ...claims, nbf: seconds + 50 }), access, now, keys)).toBe(true);
  });

  it("refuses a token past the tolerance on either edge", async () => {
    expect(await verifyAccessJwt(await rs256({ ...claims, exp: seconds - 70 }), access, now, keys)).toBe(false);
    expect(await verifyAccessJwt(await rs256({ ...claims, nbf: seconds + 70 }), access, now, keys)).toBe(false);
  });

  it("refuses a token without exp: Access always sets one, so its absence is a forgery or a bug", async () => {
    const { exp: _exp, ...noExp } = claims;
    expect(await verifyAccessJwt(await rs256(noExp), access, now, keys)).toBe(false);
  });

  it("refuses HS256 signed with the public key's bytes (algorithm confusion) and RS256 keys under another alg", async () => {
    const header = enc({ alg: "HS256", kid: "k1" });
    const input = `${header}.${enc(claims)}`;
    const hmacKey = await crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(JSON.stringify(jwk)),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", hmacKey, new TextEncoder().encode(input)));
    expect(await verifyAccessJwt(`${input}.${toBase64Url(mac)}`, access, now, keys)).toBe(false);
    expect(await verifyAccessJwt(await rs256(claims, { alg: "RS512", kid: "k1" }), access, now, keys)).toBe(false);
  });

  it("refuses a token without a kid, or naming one the key set lacks", async () => {
    expect(await verifyAccessJwt(await rs256(claims, { alg: "RS256" }), access, now, keys)).toBe(false);
    expect(await verifyAccessJwt(await rs256(claims, { alg: "RS256", kid: "k9" }), access, now, keys)).toBe(false);
  });

  it("answers false, never throws, for garbage", async () => {
    const garbage = [
      "",
      "..",
      "a.b.c",
      `${enc({ alg: "RS256", kid: "k1" })}.${enc([1])}.AAAA`,
      `${enc({ alg: "RS256", kid: {} })}.e30.AAAA`,
      `${enc({ alg: "RS256", kid: "k1", crit: ["b64"], b64: false })}.e30.AAAA`,
      "x".repeat(10_000),
    ];
    for (const token of garbage)
      expect(await verifyAccessJwt(token, access, now, keys), token.slice(0, 40)).toBe(false);
  });
});

describe("POST /api/notes behind Access when the key set cannot be fetched", () => {
  it("answers a plain 500 (an outage, not a bad sign-in) and logs why without the token", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const token = await rs256({
      aud: "aud-tag-1",
      iss: "https://team.example",
      exp: Math.floor(Date.now() / 1000) + 300,
    });
    // Port 9 (discard) on loopback: nothing listens, so the fetch fails at once.
    const vars = {
      ACCESS_TEAM_DOMAIN: "team.example",
      ACCESS_AUD: "aud-tag-1",
      ACCESS_JWKS_URL: "http://127.0.0.1:9/jose-spec-certs",
    };
    const note = await makeNote();
    const response = await callWith(vars, "POST", "/api/notes", {
      json: note.request,
      headers: { "Cf-Access-Jwt-Assertion": token },
    });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ status: 500, error: expect.not.stringMatching(/Access|jose|fetch/) });
    const lines = log.mock.calls.map(([line]) => String(line));
    expect(lines).toContain(JSON.stringify({ event: "worker.error", kind: "AccessKeysUnavailable" }));
    expect(lines.join("\n")).not.toContain(token.slice(0, 20));
  });
});
