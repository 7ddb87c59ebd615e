import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { MANIFEST, PAGE_ROUTES } from "../../worker/generated/pages";
import { call, createNote, createUploading, ORIGIN, openNote, randomBytes } from "./helpers";

const API_CSP = /^default-src 'none'; base-uri 'none'; frame-ancestors 'none'/;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function expectJsonError(response: Response, status: number, error: RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(response.headers.get("content-security-policy")).toMatch(API_CSP);
  expect(await response.json()).toEqual({ status, error: expect.stringMatching(error) });
}

describe("pages", () => {
  it.each([
    ["/", "/"],
    ["/n/:id", "/n/AAAAAAAAAAAAAAAAAAAAAA"],
    ["/m/:id", "/m/AAAAAAAAAAAAAAAAAAAAAA"],
    ["/p/:slug", "/p/team-notes"],
  ])("%s serves its built page with that page's own CSP, never cached", async (route, path) => {
    const response = await call("GET", path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("content-security-policy")).toBe(PAGE_ROUTES[route]!.csp);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).toMatch(/^<!doctype html>/i);
  });

  it("answers HEAD for a page like GET, without a body", async () => {
    const response = await call("HEAD", "/n/AAAAAAAAAAAAAAAAAAAAAA");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toBe(PAGE_ROUTES["/n/:id"]!.csp);
    expect(await response.text()).toBe("");
  });

  it.each([
    ["POST", "/"],
    ["PUT", "/n/AAAAAAAAAAAAAAAAAAAAAA"],
    ["DELETE", "/p/team-notes"],
    ["POST", "/fragments/limits"],
    ["POST", "/nothing"],
  ])("refuses %s %s with 405 JSON", async (method, path) => {
    await expectJsonError(await call(method, path), 405, /GET/);
  });

  it.each([["/nothing"], ["/n/a/b"], ["/n/"], ["/index.html"]])("answers GET %s with 404 JSON", async (path) => {
    await expectJsonError(await call("GET", path), 404, /no page/);
  });
});

describe("notepad addresses (/p/:slug)", () => {
  it.each([
    ["/p/Mark's%20Notes", "/p/mark-s-notes"],
    ["/p/Team_Notes", "/p/team-notes"],
    ["/p/team-notes/", "/p/team-notes"],
    ["/p/caf%C3%A9", "/p/cafe"],
  ])("redirects %s to its normal form %s with 301", async (path, location) => {
    // The pool's fetch follows redirects unless told not to.
    const response = await exports.default.fetch(new Request(ORIGIN + path, { redirect: "manual" }));
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe(location);
    expect(response.headers.get("content-security-policy")).toMatch(API_CSP);
  });

  // Malformed percent-encoding names no address: it used to be normalised as typed ("/p/%E0%A4" → "/p/e0-a4").
  it.each([["/p/api"], ["/p/well-known"], ["/p/---"], ["/p/API"], ["/p/%E0%A4"], ["/p/%E0"], ["/p/notes%FF"]])(
    "answers %s with 404 and the notepad page, which says why",
    async (path) => {
      const response = await call("GET", path);
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      expect(response.headers.get("content-security-policy")).toBe(PAGE_ROUTES["/p/:slug"]!.csp);
    },
  );
});

describe("published files", () => {
  it("GET /.well-known/hushnote.json publishes the pages' hashes, revalidated on every use", async () => {
    const response = await call("GET", "/.well-known/hushnote.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(response.headers.get("content-security-policy")).toMatch(API_CSP);
    expect(await response.json()).toEqual(MANIFEST);
  });

  it("GET /favicon.svg is cached for a day and carries the locked-down CSP", async () => {
    const response = await call("GET", "/favicon.svg");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect(response.headers.get("cache-control")).toBe("public, max-age=86400");
    expect(response.headers.get("content-security-policy")).toMatch(API_CSP);
  });
});

describe("htmx fragments", () => {
  it("GET /fragments/limits describes the instance's limits in HTML", async () => {
    const response = await call("GET", "/fragments/limits");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).toBe(
      "hushnote takes up to 100 MB per note (text and files together), up to 100 views, kept at most 30 days.",
    );
  });

  it("GET /fragments/receipt/:id renders the same receipt the API gives, as HTML", async () => {
    const note = await createNote({ views: 2 });
    const waiting = await call("GET", `/fragments/receipt/${note.id}`, { headers: bearer(note.manageToken) });
    expect(waiting.status).toBe(200);
    expect(waiting.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await waiting.text()).toMatch(
      /data-state="waiting">Waiting: not opened yet\.<\/p>.*<dt>Views left<\/dt><dd>2<\/dd>/,
    );
    await openNote(note.id, note.proof);
    const opened = await (
      await call("GET", `/fragments/receipt/${note.id}`, { headers: bearer(note.manageToken) })
    ).text();
    expect(opened).toMatch(/data-state="opened">Opened once\.<\/p>.*<dt>Views left<\/dt><dd>1<\/dd>/);
  });

  it("GET /fragments/receipt/:id shows an upload in progress, and keeps polling", async () => {
    const note = await createUploading({ bodyBytes: 2000 });
    const text = await (
      await call("GET", `/fragments/receipt/${note.id}`, { headers: bearer(note.manageToken) })
    ).text();
    expect(text).toMatch(
      /data-state="uploading">Uploading: 0 of 1 parts stored\.<\/p><progress id="upload-parts" max="1" value="0"/,
    );
    expect(text).not.toMatch(/data-final/);
  });

  it("GET /fragments/receipt/:id marks a destroyed note as final, so polling stops", async () => {
    const note = await createNote();
    await openNote(note.id, note.proof);
    const text = await (
      await call("GET", `/fragments/receipt/${note.id}`, { headers: bearer(note.manageToken) })
    ).text();
    expect(text).toMatch(/data-state="destroyed" data-final>Destroyed: read, and burned after reading\./);
  });

  it("GET /fragments/receipt/:id answers refusals as HTML with the API's status", async () => {
    const note = await createNote();
    const cases: [string, Record<string, string>, number, RegExp][] = [
      [note.id, bearer(toBase64Url(randomBytes(32))), 403, /does not match this note/],
      [note.id, {}, 403, /does not match this note/],
      [toBase64Url(randomBytes(16)), bearer(note.manageToken), 404, /There is no note here/],
      ["not-an-id", bearer(note.manageToken), 400, /could not be refreshed/],
    ];
    for (const [id, headers, status, text] of cases) {
      const response = await call("GET", `/fragments/receipt/${id}`, { headers });
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      expect(await response.text()).toMatch(text);
    }
  });

  it("answers an unknown fragment with 404 HTML", async () => {
    const response = await call("GET", "/fragments/nothing");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toBe("<p>There is no such fragment.</p>");
  });
});

describe("API routes", () => {
  it.each([
    ["GET", "/api"],
    ["GET", "/api/"],
    ["POST", "/api/config"],
    ["GET", "/api/notes/AAAAAAAAAAAAAAAAAAAAAA/open"],
  ])("answers %s %s, which is no route, with 404 JSON", async (method, path) => {
    await expectJsonError(await call(method, path), 404, /no such API route/);
  });
});
