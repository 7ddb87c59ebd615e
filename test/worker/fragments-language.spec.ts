import { describe, expect, it } from "vitest";
import { formatMessage, type Message } from "../../i18n/format";
import { FRAGMENT_STRINGS } from "../../worker/generated/strings";
import { call, callWith, createNote, createUploading, openNote } from "./helpers";

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const message = (lang: string, key: string): Message => FRAGMENT_STRINGS[lang]![key]!;
const say = (lang: string, key: string, params?: Record<string, string | number>) =>
  formatMessage(lang, message(lang, key), params);

async function limits(query: string, headers: Record<string, string> = {}, vars?: Record<string, string>) {
  const path = `/fragments/limits${query}`;
  const response = vars ? await callWith(vars, "GET", path, { headers }) : await call("GET", path, { headers });
  return { language: response.headers.get("content-language"), text: await response.text(), response };
}

describe("htmx fragments in the page's language", () => {
  it("answer in English by default, byte for byte as before, and say so in Content-Language", async () => {
    const { language, text, response } = await limits("");
    expect(language).toBe("en");
    expect(response.headers.get("vary")).toContain("Accept-Language");
    expect(text).toBe(
      "hushnote takes up to 100 MB per note (text and files together), up to 100 views, kept at most 30 days.",
    );
  });

  it("answer in the language the page asks for with ?lang=, numbers and units included", async () => {
    const { language, text } = await limits("?lang=de", { "Accept-Language": "fr" });
    expect(language).toBe("de");
    // German's own catalog when it has one (English stands in until then); the duration is Intl's German either way.
    const size = say("de", "size.mb", { n: "100" });
    expect(text).toBe(say("de", "limits.views", { name: "hushnote", size, duration: "30 Tage", count: 100 }));
    expect(text).toContain("30 Tage");
  });

  it.each([
    ["?lang=pt-br", {}, "pt-BR"],
    ["", { "Accept-Language": "de-AT,de;q=0.9" }, "de"],
    ["?lang=xx", { "Accept-Language": "ja" }, "ja"],
    ["?lang=xx", {}, "en"],
  ])("picks %j with %j as %s", async (query, headers, expected) => {
    expect((await limits(query, headers)).language).toBe(expected);
  });

  it("never answers in a language the instance does not offer", async () => {
    const vars = { LANGUAGES: "en,fr", DEFAULT_LANGUAGE: "fr" };
    expect((await limits("?lang=de", {}, vars)).language).toBe("fr");
    expect((await limits("?lang=en", { "Accept-Language": "de" }, vars)).language).toBe("en");
  });

  it("escapes the instance's name and picks the one-time and password sentences", async () => {
    const vars = { INSTANCE_NAME: `<b>"Acme"</b>`, ONE_TIME_ONLY: "true", PASSWORD_REQUIRED: "true" };
    const { text } = await limits("", {}, vars);
    expect(text).toBe(
      "&#60;b&#62;&#34;Acme&#34;&#60;/b&#62; takes up to 100 MB per note (text and files together), one-time only, " +
        "kept at most 30 days. Every secret needs a password.",
    );
  });

  it("render the receipt in the asked language: plural counts, words around the UTC <time> the page rewrites", async () => {
    const note = await createNote({ views: 3 });
    await openNote(note.id, note.proof);
    await openNote(note.id, note.proof);
    const response = await call("GET", `/fragments/receipt/${note.id}?lang=uk`, { headers: bearer(note.manageToken) });
    expect(response.headers.get("content-language")).toBe("uk");
    const html = await response.text();
    expect(html).toContain(`data-state="opened">${say("uk", "state.opened", { count: 2 })}</p>`);
    expect(html).toContain(`<dt>${say("uk", "fact.views-left")}</dt><dd>1</dd>`);
    const created = html.match(/<li>(.*?)<\/li>/)?.[1] ?? "";
    const time = created.match(/<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z">[^<]+ UTC<\/time>/)?.[0];
    expect(time).toBeDefined();
    expect(created).toBe(say("uk", "event.created", { time: time! }));
  });

  it("render an upload in progress and every refusal in the asked language", async () => {
    const uploading = await createUploading({ bodyBytes: 2000 });
    const parts = await call("GET", `/fragments/receipt/${uploading.id}?lang=ar`, {
      headers: bearer(uploading.manageToken),
    });
    expect(parts.headers.get("content-language")).toBe("ar");
    expect(await parts.text()).toContain(say("ar", "state.uploading", { stored: 0, count: 1 }));
    const refused = await call("GET", `/fragments/receipt/${uploading.id}?lang=ar`, { headers: {} });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain(say("ar", "refused.mismatch"));
    const missing = await call("GET", "/fragments/nothing?lang=ar");
    expect(missing.headers.get("content-language")).toBe("ar");
    expect(await missing.text()).toBe(`<p>${say("ar", "missing")}</p>`);
  });
});

describe("the fragments catalog", () => {
  it("has every message the Worker renders, in English", () => {
    const english = Object.keys(FRAGMENT_STRINGS.en!);
    for (const reason of ["burned", "expired", "deleted", "lockout", "incomplete"]) {
      expect(english).toContain(`state.destroyed.${reason}`);
      expect(english).toContain(`event.destroyed.${reason}`);
    }
  });
});
