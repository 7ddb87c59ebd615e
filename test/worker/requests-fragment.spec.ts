// GET /fragments/request/:id: the asker's page swaps in this content-free status, in the page's language, and polls
// until it says data-final; refusals are this page's words with the API's status.
import { describe, expect, it } from "vitest";
import { formatMessage } from "../../i18n/format";
import { FRAGMENT_STRINGS } from "../../worker/generated/strings";
import { call } from "./helpers";
import { answerRequest, b64, bearer, createRequest, setExpiry } from "./request-helpers";

const say = (lang: string, key: string, params?: Record<string, string | number>) =>
  formatMessage(lang, FRAGMENT_STRINGS[lang]![key]!, params);

async function fragment(id: string, token: string | null, query = "") {
  const headers = token ? bearer(token) : undefined;
  const response = await call("GET", `/fragments/request/${id}${query}`, { headers });
  return { status: response.status, language: response.headers.get("content-language"), html: await response.text() };
}

/** The state line's attributes and text. */
function stateLine(html: string) {
  const match = /<p class="state" data-state="([a-z]+)"( data-final)?>([^<]*)<\/p>/.exec(html);
  return match && { state: match[1], final: match[2] !== undefined, text: match[3] };
}

describe("GET /fragments/request/:id", () => {
  it("says a new request is waiting, when it expires and how many answers it takes", async () => {
    const request = await createRequest({ answers: 2 });
    const { status, language, html } = await fragment(request.id, request.manageToken);
    expect([status, language]).toEqual([200, "en"]);
    expect(html).toContain('<h2 id="request-status-title">Status</h2>');
    expect(stateLine(html)).toEqual({ state: "waiting", final: false, text: "Waiting: no answer yet." });
    const iso = new Date(request.created.expiresAt).toISOString();
    expect(html).toContain(`<dt>Expires</dt><dd><time datetime="${iso}">`);
    expect(html).toContain("<dt>Answers left</dt><dd>2</dd>");
  });

  it("counts answers so far and lists when each came, in the asked language", async () => {
    const request = await createRequest({ answers: 3 });
    await answerRequest(request.id);
    const english = await fragment(request.id, request.manageToken);
    expect(stateLine(english.html)).toMatchObject({ state: "waiting", text: "1 answer so far; more can still come." });
    expect(english.html).toMatch(/<h3>Answers<\/h3><ol><li>Answered <time datetime="[^"]+">[^<]+<\/time><\/li><\/ol>/);
    const german = await fragment(request.id, request.manageToken, "?lang=de");
    expect(german.language).toBe("de");
    expect(stateLine(german.html)).toMatchObject({ text: say("de", "request.waiting-more", { count: 1 }) });
    expect(german.html).toContain(say("de", "request.answers.heading"));
  });

  it("says answered (not final: the page goes on to open it), expired and withdrawn (final)", async () => {
    const answered = await createRequest({ answers: 2 });
    await answerRequest(answered.id);
    await answerRequest(answered.id);
    expect(stateLine((await fragment(answered.id, answered.manageToken)).html)).toEqual({
      state: "answered",
      final: false,
      text: "Answered: all 2 answers are in.",
    });
    const expired = await createRequest();
    await setExpiry(expired.id, Date.now() - 1, Date.now() + 60_000);
    expect(stateLine((await fragment(expired.id, expired.manageToken)).html)).toEqual({
      state: "expired",
      final: true,
      text: "Expired: it takes no more answers.",
    });
    const revoked = await createRequest();
    await call("DELETE", `/api/requests/${revoked.id}`, { headers: bearer(revoked.manageToken) });
    const html = (await fragment(revoked.id, revoked.manageToken, "?lang=fr")).html;
    expect(stateLine(html)).toEqual({ state: "revoked", final: true, text: say("fr", "request.revoked") });
  });

  it("refuses a wrong or missing token (403) and an unknown request (404) in the page's words, final", async () => {
    const request = await createRequest();
    for (const token of [b64(32), null]) {
      const { status, html } = await fragment(request.id, token);
      expect(status).toBe(403);
      expect(stateLine(html)).toEqual({ state: "mismatch", final: true, text: say("en", "request.refused.mismatch") });
    }
    const unknown = await fragment(b64(16), request.manageToken, "?lang=ja");
    expect([unknown.status, unknown.language]).toEqual([404, "ja"]);
    expect(stateLine(unknown.html)).toEqual({ state: "gone", final: true, text: say("ja", "request.refused.missing") });
  });
});
