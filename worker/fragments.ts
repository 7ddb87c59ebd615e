/** Server-rendered HTML fragments that htmx swaps into the pages: instance limits and the live receipt. */
import type { IRequest } from "itty-router";
import { formatNumber } from "../i18n/format";
import type { DestroyReason } from "../protocol/wire";
import { type Config, readConfig } from "./config";
import { renderError } from "./errors";
import { durationText, say, sayAround, sizeText } from "./fragment-text";
import type { Receipt } from "./note-object";
import { bearerHash, readReceipt } from "./notes";
import { pageLanguage } from "./pages";
import { enforceRateLimit } from "./rate-limit";
import { noteId } from "./validate";

// One whole sentence per reason: a reason spliced into "Destroyed: …" would not translate.
const DESTROYED: Record<DestroyReason, string> = {
  burned: "state.destroyed.burned",
  expired: "state.destroyed.expired",
  deleted: "state.destroyed.deleted",
  lockout: "state.destroyed.lockout",
  incomplete: "state.destroyed.incomplete",
};
const DESTROYED_EVENT: Record<DestroyReason, string> = {
  burned: "event.destroyed.burned",
  expired: "event.destroyed.expired",
  deleted: "event.destroyed.deleted",
  lockout: "event.destroyed.lockout",
  incomplete: "event.destroyed.incomplete",
};
const EVENT = { created: "event.created", opened: "event.opened" } as const;

/** UTC on the server; the page rewrites each <time> in the reader's own zone and language after the swap. */
export const time = (ms: number) => {
  const iso = new Date(ms).toISOString();
  return `<time datetime="${iso}">${iso.slice(0, 16).replace("T", " ")} UTC</time>`;
};

/** A fragment in `lang`, which it names (htmx swaps in only fragments that do). */
export function html(lang: string, status: number, body: string): Response {
  return new Response(body, {
    status,
    // Without ?lang= the answer follows Accept-Language, as the pages do.
    headers: { "Content-Type": "text/html; charset=utf-8", "Content-Language": lang, Vary: "Accept-Language" },
  });
}

/**
 * A fragment route's failure as HTML in the page's words, never the API's English JSON (htmx swaps in whatever
 * answers): renderError only logs it and gives its status, and 503's Retry-After is kept, since the page polls again.
 */
export function refused(lang: string, error: unknown, words: (lang: string, status: number) => string): Response {
  const api = renderError(error);
  const answer = html(lang, api.status, words(lang, api.status));
  const retry = api.headers.get("Retry-After");
  if (retry) answer.headers.set("Retry-After", retry);
  return answer;
}

function limits(lang: string, config: Config): string {
  const params = {
    name: config.instanceName,
    size: sizeText(lang, config.maxBodyBytes),
    duration: durationText(lang, config.maxTtl),
    count: config.maxViews,
  };
  const password = config.passwordRequired ? ".password" : "";
  return config.oneTimeOnly
    ? say(lang, `limits.one-time${password}`, params)
    : say(lang, `limits.views${password}`, params);
}

function summary(lang: string, receipt: Receipt): { state: string; text: string } {
  const destroyed = receipt.events.find((e) => e.type === "destroyed");
  if (receipt.state === "destroyed" || destroyed) {
    const reason = destroyed?.reason;
    return { state: "destroyed", text: say(lang, reason ? DESTROYED[reason] : "state.destroyed") };
  }
  if (receipt.state === "uploading") {
    const text = say(lang, "state.uploading", { stored: receipt.partsStored, count: receipt.parts });
    return { state: "uploading", text };
  }
  const opened = receipt.events.filter((e) => e.type === "opened").length;
  if (opened === 0) return { state: "waiting", text: say(lang, "state.waiting") };
  return { state: "opened", text: say(lang, "state.opened", { count: opened }) };
}

const heading = (lang: string) => `<h2 id="receipt-title">${say(lang, "status.heading")}</h2>`;

function renderReceipt(lang: string, receipt: Receipt): string {
  const { state, text } = summary(lang, receipt);
  const final = state === "destroyed" ? " data-final" : "";
  const fact = (key: string, value: string) => `<dt>${say(lang, key)}</dt><dd>${value}</dd>`;
  const facts = [fact("fact.created", time(receipt.createdAt))];
  if (state !== "destroyed") {
    facts.push(fact("fact.expires", time(receipt.expiresAt)));
    const left = receipt.viewsLeft;
    facts.push(fact("fact.views-left", left === null ? say(lang, "fact.views-unlimited") : formatNumber(lang, left)));
  }
  const events = receipt.events.map((e) => {
    const key = e.type === "destroyed" ? (e.reason ? DESTROYED_EVENT[e.reason] : "event.destroyed") : EVENT[e.type];
    return `<li>${sayAround(lang, key, { time: time(e.at) })}</li>`;
  });
  return (
    `${heading(lang)}<p class="state" data-state="${state}"${final}>${text}</p>` +
    (state === "uploading"
      ? `<progress id="upload-parts" max="${receipt.parts}" value="${receipt.partsStored}" aria-label="${say(lang, "parts.label")}"></progress>`
      : "") +
    `<dl class="facts">${facts.join("")}</dl><h3>${say(lang, "events.heading")}</h3><ol>${events.join("")}</ol>`
  );
}

function refusal(lang: string, status: number): string {
  if (status !== 403 && status !== 404) {
    // Busy (429) or a passing failure: say so, and keep polling.
    return `${heading(lang)}<p class="state" data-state="unknown">${say(lang, "refused.busy")}</p>`;
  }
  const text = say(lang, status === 404 ? "refused.missing" : "refused.mismatch");
  return `${heading(lang)}<p class="state" data-state="destroyed" data-final>${text}</p>`;
}

/** GET /fragments/limits: the create page's line about this instance's limits. */
export function limitsFragment(request: IRequest, env: Env): Response {
  const lang = pageLanguage(request, env);
  return html(lang, 200, limits(lang, readConfig(env)));
}

/** GET /fragments/receipt/:id: the receipt API's answer as HTML (the manage token in Authorization, never the URL). */
export async function receiptFragment(request: IRequest, env: Env): Promise<Response> {
  const lang = pageLanguage(request, env);
  try {
    // The receipt API's allowance, counted here so that a 429 is HTML that htmx swaps in like any other refusal.
    await enforceRateLimit(request, env, "read");
    const receipt = await readReceipt(env, noteId(request.params.id), await bearerHash(request));
    return html(lang, 200, renderReceipt(lang, receipt));
  } catch (error) {
    return refused(lang, error, refusal);
  }
}

/** Any other path under /fragments/. */
export function noSuchFragment(request: IRequest, env: Env): Response {
  const lang = pageLanguage(request, env);
  return html(lang, 404, `<p>${say(lang, "missing")}</p>`);
}
