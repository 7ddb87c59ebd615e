import { describe, expect, it } from "vitest";
import { MANIFEST, PAGE_ROUTES } from "../../worker/generated/pages";
import { call, callWith } from "./helpers";

const NOTE = "/n/AAAAAAAAAAAAAAAAAAAAAA";
const htmlTag = (html: string) => html.match(/<html[^>]*>/)?.[0];

async function served(path: string, headers: Record<string, string> = {}, vars?: Record<string, string>) {
  const response = vars ? await callWith(vars, "GET", path, { headers }) : await call("GET", path, { headers });
  return { response, language: response.headers.get("content-language"), tag: htmlTag(await response.text()) };
}

describe("the language a page is served in", () => {
  it.each([
    ["de-DE,de;q=0.9,en;q=0.8", "de"],
    ["fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", "fr"],
    ["pt-PT", "pt-BR"],
    ["zh-TW,zh;q=0.9", "zh-CN"],
    ["en-GB", "en"],
    ["sv-SE,sv;q=0.9", "en"],
    ["sv, ja;q=0.5", "ja"],
    ["de;q=0, pl", "pl"],
    ["*", "en"],
    ["", "en"],
    ["a b c, ;;;, ===", "en"],
  ])("Accept-Language %j → %s", async (accept, expected) => {
    const { response, language, tag } = await served(NOTE, { "Accept-Language": accept });
    expect(response.status).toBe(200);
    expect(language).toBe(expected);
    expect(tag).toContain(`lang="${expected}"`);
    expect(response.headers.get("vary")).toContain("Accept-Language");
  });

  it("serves Arabic right to left, with the same CSP as every other language of that page", async () => {
    const { response, tag } = await served("/", { "Accept-Language": "ar-EG" });
    expect(tag).toBe('<html lang="ar" dir="rtl">');
    expect(response.headers.get("content-security-policy")).toBe(PAGE_ROUTES["/"]!.csp);
    const english = await served("/", { "Accept-Language": "en" });
    expect(english.tag).toBe('<html lang="en" dir="ltr">');
    expect(english.response.headers.get("content-security-policy")).toBe(PAGE_ROUTES["/"]!.csp);
  });

  it("lets ?lang= (the picker's choice) win over Accept-Language; an unknown one is ignored", async () => {
    expect((await served(`${NOTE}?lang=ja`, { "Accept-Language": "de" })).language).toBe("ja");
    expect((await served("/p/team-notes?lang=UK", { "Accept-Language": "de" })).language).toBe("uk");
    expect((await served(`/?lang=xx`, { "Accept-Language": "de" })).language).toBe("de");
  });

  it("keeps ?lang= when a notepad address is redirected to its normal form", async () => {
    const response = await call("GET", "/p/Team%20Notes?lang=de");
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe("/p/team-notes?lang=de");
  });

  it("offers only the instance's LANGUAGES and falls back to its DEFAULT_LANGUAGE", async () => {
    const vars = { LANGUAGES: "de, en", DEFAULT_LANGUAGE: "de" };
    expect((await served(NOTE, { "Accept-Language": "fr" }, vars)).language).toBe("de");
    expect((await served(NOTE, { "Accept-Language": "ja, en;q=0.5" }, vars)).language).toBe("en");
    expect((await served(`${NOTE}?lang=ar`, {}, vars)).language).toBe("de");
    const config = await (await callWith(vars, "GET", "/api/config")).json<{ languages: string[] }>();
    expect(config.languages).toEqual(["en", "de"]);
  });

  it("refuses to run with a language it lacks or a default it does not offer", async () => {
    for (const vars of [{ LANGUAGES: "en,klingon" }, { LANGUAGES: "de", DEFAULT_LANGUAGE: "en" }]) {
      const response = await callWith(vars, "GET", "/api/config");
      expect(response.status).toBe(500);
      expect(JSON.stringify(await response.json())).not.toContain("klingon");
    }
  });

  it("publishes every served language's page in the manifest, and serves exactly those bytes", async () => {
    const sha256 = async (text: string) =>
      `sha256-${btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)))))}`;
    for (const [route, path] of [
      ["/", "/"],
      ["/n/:id", NOTE],
    ] as const) {
      const languages = (MANIFEST.pages as Record<string, { languages: Record<string, { html: string }> }>)[route]!
        .languages;
      expect(Object.keys(languages)).toHaveLength(12);
      for (const [code, { html }] of Object.entries(languages)) {
        const body = await (await call("GET", `${path}?lang=${code}`)).text();
        expect(await sha256(body)).toBe(html);
      }
    }
  });

  it("sets no cookie on pages or the API", async () => {
    for (const path of ["/", NOTE, "/api/config"]) {
      const response = await call("GET", path, { headers: { "Accept-Language": "de" } });
      expect(response.headers.get("set-cookie")).toBeNull();
    }
  });
});
