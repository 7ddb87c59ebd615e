/** GET /fragments/request/:id: the asker's live, content-free status of a request, as HTML in the page's language. */
import type { IRequest } from "itty-router";
import { formatNumber } from "../i18n/format";
import { say, sayAround } from "./fragment-text";
import { html, refused, time } from "./fragments";
import { bearerHash } from "./notes";
import { pageLanguage } from "./pages";
import { enforceRateLimit } from "./rate-limit";
import { requestId } from "./request-input";
import type { RequestAnswers } from "./request-types";
import { readAnswers } from "./requests";

// Whole sentences per state: a state spliced into a sentence would not translate.
const STATE = {
  answered: "request.answered",
  expired: "request.expired",
  revoked: "request.revoked",
} as const;

const heading = (lang: string) => `<h2 id="request-status-title">${say(lang, "status.heading")}</h2>`;

/** The state line the page reads: `data-state` as the API's state, and `data-final` once nothing more can change. */
function stateLine(lang: string, view: RequestAnswers): string {
  const count = view.answers.length;
  if (view.state === "waiting") {
    const text = count === 0 ? say(lang, "request.waiting") : say(lang, "request.waiting-more", { count });
    return `<p class="state" data-state="waiting">${text}</p>`;
  }
  const text = say(lang, STATE[view.state], { count });
  const final = view.state === "answered" ? "" : " data-final";
  return `<p class="state" data-state="${view.state}"${final}>${text}</p>`;
}

function render(lang: string, view: RequestAnswers): string {
  let body = heading(lang) + stateLine(lang, view);
  if (view.state === "waiting") {
    const fact = (key: string, value: string) => `<dt>${say(lang, key)}</dt><dd>${value}</dd>`;
    const left = fact("request.fact.answers-left", formatNumber(lang, view.answersLeft));
    body += `<dl class="facts">${fact("fact.expires", time(view.expiresAt))}${left}</dl>`;
  }
  if (view.answers.length > 0) {
    const items = view.answers.map(
      (a) => `<li>${sayAround(lang, "request.event.answered", { time: time(a.at) })}</li>`,
    );
    body += `<h3>${say(lang, "request.answers.heading")}</h3><ol>${items.join("")}</ol>`;
  }
  return body;
}

function refusal(lang: string, status: number): string {
  if (status !== 403 && status !== 404) {
    // Busy (429) or a passing failure: say so, and keep polling.
    return `${heading(lang)}<p class="state" data-state="unknown">${say(lang, "request.refused.busy")}</p>`;
  }
  const [state, key] = status === 404 ? ["gone", "request.refused.missing"] : ["mismatch", "request.refused.mismatch"];
  return `${heading(lang)}<p class="state" data-state="${state}" data-final>${say(lang, key)}</p>`;
}

/** The asker's answers API as HTML (the manage token in Authorization, never the URL); nothing secret in it. */
export async function requestFragment(request: IRequest, env: Env): Promise<Response> {
  const lang = pageLanguage(request, env);
  try {
    // The answers API's allowance, counted here so that a 429 is HTML that htmx swaps in like any other refusal.
    await enforceRateLimit(request, env, "read");
    const view = await readAnswers(env, requestId(request.params.id), await bearerHash(request));
    return html(lang, 200, render(lang, view));
  } catch (error) {
    return refused(lang, error, refusal);
  }
}
