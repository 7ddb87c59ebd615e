/**
 * The language choice as an attacker drives it: whatever ?lang= and Accept-Language say, a page or fragment answers
 * 2xx/3xx/4xx in an offered language with the bytes its manifest lists, never a 5xx, a header of the client's making
 * or a redirect off the instance; and a fragment that fails is still the page's words, never the API's English JSON.
 */
import { describe, expect, it } from "vitest";
import { MANIFEST } from "../../worker/generated/pages";
import { call, callWith, createNote } from "./helpers";

type Variants = Record<string, { languages: Record<string, { html: string }> }>;
const PAGES = MANIFEST.pages as Variants;
const CODES = Object.keys(PAGES["/"]!.languages);
const NOTE = "/n/AAAAAAAAAAAAAAAAAAAAAA";
const PROBES = {
  "/": "/",
  "/n/:id": NOTE,
  "/m/:id": "/m/AAAAAAAAAAAAAAAAAAAAAA",
  "/p/:slug": "/p/review",
  "/request": "/request",
  "/q/:id": "/q/AAAAAAAAAAAAAAAAAAAAAA",
  "/r/:id": "/r/AAAAAAAAAAAAAAAAAAAAAA",
};

const sha256 = async (bytes: ArrayBuffer) =>
  `sha256-${btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))))}`;

/** Every header of an answer as one text, to look for anything the request put there. */
const allHeaders = (response: Response) => [...response.headers].map(([name, value]) => `${name}: ${value}`).join("\n");

const HOSTILE_LANG = [
  "de%0D%0ASet-Cookie:%20x=1",
  "%E0%A4%A",
  "de%00",
  "//evil.example",
  "https://evil.example/",
  "de?x=1#k",
  "x".repeat(8000),
  "..%2F..%2Fde",
  "%F0%9F%87%A9%F0%9F%87%AA",
];
const HOSTILE_ACCEPT = [
  Array(5000).fill("xx-YY;q=0.5").join(","),
  `de;q=0.1, fr;q=1e999, ${"a".repeat(4000)}`,
  `${";".repeat(20_000)}ja`,
  "d%C3%A9, *;q=1, ja;q=0.001",
  "de-".repeat(3000),
  ",,,;;;q=;q==;=,",
];

describe("pages and fragments under hostile ?lang= and Accept-Language", () => {
  it.each(HOSTILE_LANG.map((l) => [l.slice(0, 40), l]))(
    "?lang=%s: pages and fragments answer as usual",
    async (_, lang) => {
      for (const path of [...Object.values(PROBES), "/fragments/limits", "/fragments/none"]) {
        const response = await call("GET", `${path}?lang=${lang}`, { headers: { "Accept-Language": "ja" } });
        expect(response.status, path).toBeLessThan(500);
        expect(response.headers.get("content-language"), path).toBe("ja");
        expect(response.headers.get("set-cookie"), path).toBeNull();
        expect(allHeaders(response), path).not.toMatch(/evil|x=1/);
        await response.body?.cancel();
      }
    },
  );

  it.each(HOSTILE_ACCEPT.map((h) => [h.slice(0, 40), h]))(
    "Accept-Language %j…: a page in an offered language",
    async (_, accept) => {
      for (const path of [NOTE, "/fragments/limits"]) {
        const response = await call("GET", path, { headers: { "Accept-Language": accept } });
        expect(response.status).toBe(200);
        expect(CODES).toContain(response.headers.get("content-language"));
        await response.body?.cancel();
      }
    },
  );

  it("lets a weight that is not a qvalue (q=1e999) outrank nothing", async () => {
    const response = await call("GET", NOTE, { headers: { "Accept-Language": "de;q=0.1, fr;q=1e999" } });
    expect(response.headers.get("content-language")).toBe("de");
    await response.body?.cancel();
  });

  it("redirects a notepad address to its normal form on this instance only, whatever the query carries", async () => {
    for (const query of [
      "?lang=//evil.example",
      "?lang=de%0D%0ALocation:%20https://evil.example",
      "?/\\evil.example",
    ]) {
      const response = await call("GET", `/p/Team%20Notes${query}`);
      expect(response.status).toBe(301);
      const location = response.headers.get("location") ?? "";
      expect(location.startsWith("/p/team-notes?")).toBe(true);
      expect(new URL(location, "https://hushnote.test").origin).toBe("https://hushnote.test");
      expect(allHeaders(response)).not.toMatch(/\r|\n\w+: https:\/\/evil/);
    }
  });
});

describe("the manifest and the variants served", () => {
  it("serves every page in every language, chosen by Accept-Language alone, as the exact bytes the manifest lists", async () => {
    for (const [route, path] of Object.entries(PROBES)) {
      const listed = PAGES[route]!.languages;
      expect(Object.keys(listed).sort()).toEqual([...CODES].sort());
      for (const code of CODES) {
        const response = await call("GET", path, { headers: { "Accept-Language": `${code};q=0.9` } });
        expect(response.headers.get("content-language")).toBe(code);
        expect(await sha256(await response.arrayBuffer()), `${route} ${code}`).toBe(listed[code]!.html);
      }
    }
  });

  it("serves the notepad page's 404 (an address that is none) as a listed variant too", async () => {
    const response = await call("GET", "/p/%E0?lang=ar");
    expect(response.status).toBe(404);
    expect(await sha256(await response.arrayBuffer())).toBe(PAGES["/p/:slug"]!.languages.ar!.html);
  });

  it("serves no language file by its own path, which would skip the Worker's choice and CSP", async () => {
    for (const path of ["/de/note", "/de/note.html", "/ar/index.html", "/ar/", "/note.html", "/zh-CN/pad"]) {
      const response = await call("GET", path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get("content-type"), path).toContain("application/json");
      await response.body?.cancel();
    }
  });
});

describe("a receipt fragment that fails unexpectedly", () => {
  it("is HTML in the page's language, never the API's English JSON (htmx swaps in whatever answers)", async () => {
    const note = await createNote({ views: 2 });
    const broken = {
      idFromName() {
        throw new TypeError("the object namespace broke");
      },
    };
    const response = await callWith({ NOTE_OBJECT: broken }, "GET", `/fragments/receipt/${note.id}?lang=de`, {
      headers: { Authorization: `Bearer ${note.manageToken}` },
    });
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.headers.get("content-language")).toBe("de");
    const html = await response.text();
    expect(html).toContain('data-state="unknown"');
    expect(html).not.toMatch(/"error"|Something went wrong|broke/);
  });
});
