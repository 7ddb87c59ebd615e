import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, callWith, createNote, ORIGIN } from "./helpers";

const REQUIRED = {
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

function expectSecured(response: Response) {
  for (const [name, value] of Object.entries(REQUIRED)) expect(response.headers.get(name), name).toBe(value);
  expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
  expect(response.headers.get("permissions-policy")).toMatch(/camera=\(\)/);
  const csp = response.headers.get("content-security-policy") ?? "";
  expect(csp).toMatch(/frame-ancestors 'none'/);
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
}

describe("security headers", () => {
  it("are on API answers, with no-store and a CSP that allows nothing", async () => {
    const note = await createNote();
    for (const response of [await call("GET", "/api/config"), await call("GET", `/api/notes/${note.id}`)]) {
      expectSecured(response);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("content-security-policy")).toMatch(/^default-src 'none'/);
    }
  });

  it("are on errors too", async () => {
    for (const response of [
      await call("GET", "/api/notes/bad"),
      await call("GET", "/api/unknown"),
      await call("POST", "/api/notes", { raw: "x" }),
    ]) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expectSecured(response);
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("are on a 500 too, which says nothing about the failure", async () => {
    const response = await callWith({ MAX_VIEWS: "lots" }, "GET", "/api/config");
    expect(response.status).toBe(500);
    expectSecured(response);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-security-policy")).toMatch(/^default-src 'none'/);
  });

  it("are on redirects, fragments, published files and 405s, each with its own caching", async () => {
    const answers: [string, string, string][] = [
      ["GET", "/p/Team%20Notes", "no-store"],
      ["GET", "/fragments/limits", "no-store"],
      ["GET", "/.well-known/hushnote.json", "no-cache"],
      ["GET", "/favicon.svg", "public, max-age=86400"],
      ["POST", "/", "no-store"],
    ];
    for (const [method, path, cacheControl] of answers) {
      const response = await exports.default.fetch(new Request(ORIGIN + path, { method, redirect: "manual" }));
      expectSecured(response);
      expect(response.headers.get("cache-control"), path).toBe(cacheControl);
      expect(response.headers.get("content-security-policy"), path).toMatch(/^default-src 'none'/);
    }
  });

  it("are on pages served from Workers Assets", async () => {
    const response = await call("GET", "/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    expectSecured(response);
  });
});

describe("GET /api/config", () => {
  it("tells clients the instance's limits and choices", async () => {
    const response = await call("GET", "/api/config");
    expect(await response.json()).toEqual({
      instanceName: "hushnote",
      footerText: "",
      footerLink: "",
      maxBodyBytes: 104857600,
      maxPadBytes: 25165824,
      maxViews: 100,
      oneTimeOnly: false,
      passwordRequired: false,
      minTtl: 60,
      maxTtl: 2592000,
      defaultTtl: 86400,
      expiryChoices: [300, 3600, 86400, 604800, 2592000],
      lockoutLimit: 10,
      minKdfIterations: 310000,
      defaultKdfIterations: 600000,
      receiptRetention: 604800,
      notepads: true,
      padIdleDays: 365,
      languages: ["en", "ar", "de", "es", "fr", "it", "ja", "nl", "pl", "pt-BR", "uk", "zh-CN"],
      defaultLanguage: "en",
      accessRequiredToCreate: false,
    });
  });
});
