/** Server-rendered HTML fragments that htmx swaps into the pages: instance limits and the live receipt. */
import type { IRequest } from "itty-router";
import { readConfig, type Config } from "./config";
import { StatusError } from "./errors";
import { API_CSP, withSecurityHeaders } from "./headers";
import { noteReceipt } from "./notes";
import { enforceRateLimit } from "./rate-limit";

interface Receipt {
  state: "live" | "destroyed";
  createdAt: number;
  expiresAt: number;
  viewsLeft: number | null;
  events: { type: "created" | "opened" | "destroyed"; at: number; reason?: string }[];
}

const REASONS: Record<string, string> = {
  burned: "read, and burned after reading",
  expired: "expired",
  deleted: "deleted",
  lockout: "too many wrong passwords or keys, so it destroyed itself",
};

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** UTC on the server; the page rewrites each <time> in the reader's own zone after the swap. */
const time = (ms: number) => {
  const iso = new Date(ms).toISOString();
  return `<time datetime="${iso}">${iso.slice(0, 16).replace("T", " ")} UTC</time>`;
};
const MIB = 1024 * 1024;
const size = (bytes: number) => (bytes < MIB ? `${Math.round(bytes / 1024)} KB` : `${(bytes / MIB).toFixed(bytes % MIB ? 1 : 0)} MB`);
const days = (seconds: number) => (seconds % 86400 ? `${Math.round(seconds / 3600)} hours` : `${seconds / 86400} day${seconds === 86400 ? "" : "s"}`);

function html(status: number, body: string): Response {
  return withSecurityHeaders(new Response(body, { status, headers: { "Content-Type": "text/html; charset=utf-8" } }), API_CSP);
}

function limits(config: Config): string {
  return `${escape(config.instanceName)} takes up to ${size(config.maxBodyBytes)} per note (text and files together), `
    + `${config.oneTimeOnly ? "one-time only" : `up to ${config.maxViews} views`}, kept at most ${days(config.maxTtl)}.`
    + (config.passwordRequired ? " Every secret needs a password." : "");
}

function summary(receipt: Receipt): { state: string; text: string } {
  const destroyed = receipt.events.find((e) => e.type === "destroyed");
  if (receipt.state === "destroyed" || destroyed) {
    return { state: "destroyed", text: `Destroyed: ${escape(REASONS[destroyed?.reason ?? ""] ?? destroyed?.reason ?? "gone")}.` };
  }
  const opened = receipt.events.filter((e) => e.type === "opened").length;
  if (opened === 0) return { state: "waiting", text: "Waiting: not opened yet." };
  return { state: "opened", text: `Opened ${opened === 1 ? "once" : `${opened} times`}.` };
}

function renderReceipt(receipt: Receipt): string {
  const { state, text } = summary(receipt);
  const final = state === "destroyed" ? " data-final" : "";
  const facts = [`<dt>Created</dt><dd>${time(receipt.createdAt)}</dd>`];
  if (state !== "destroyed") {
    facts.push(`<dt>Expires</dt><dd>${time(receipt.expiresAt)}</dd>`);
    facts.push(`<dt>Views left</dt><dd>${receipt.viewsLeft === null ? "unlimited until it expires" : receipt.viewsLeft}</dd>`);
  }
  const events = receipt.events.map((e) => {
    const what = e.type === "destroyed" ? `Destroyed (${escape(REASONS[e.reason ?? ""] ?? e.reason ?? "")})` : e.type === "opened" ? "Opened" : "Created";
    return `<li>${what} ${time(e.at)}</li>`;
  });
  return `<h2 id="receipt-title">Status</h2><p class="state" data-state="${state}"${final}>${text}</p>`
    + `<dl class="facts">${facts.join("")}</dl><h3>Events</h3><ol>${events.join("")}</ol>`;
}

function refusal(status: number): string {
  if (status !== 403 && status !== 404) {
    // Busy (429) or a passing failure: say so, and keep polling.
    return `<h2 id="receipt-title">Status</h2><p class="state" data-state="unknown">The receipt could not be refreshed just now; trying again shortly.</p>`;
  }
  const text = status === 404
    ? "There is no note here: it was destroyed and its receipt has since been erased, or the link is wrong."
    : "This manage link does not match this note. Use the whole link you were given.";
  return `<h2 id="receipt-title">Status</h2><p class="state" data-state="destroyed" data-final>${text}</p>`;
}

/** GET /fragments/limits and GET /fragments/receipt/:id (manage token in Authorization, never in the URL). */
export async function serveFragment(request: Request, env: Env): Promise<Response> {
  const path = new URL(request.url).pathname;
  if (path === "/fragments/limits") return html(200, limits(readConfig(env)));
  const match = /^\/fragments\/receipt\/([^/]+)$/.exec(path);
  if (!match) return html(404, "<p>There is no such fragment.</p>");
  // Reuse the API handler itself, so the fragment has exactly the API's validation and authorization.
  const apiRequest = Object.assign(new Request(request.url, { headers: request.headers }), { params: { id: match[1] } });
  try {
    // Same allowance as GET /api/notes/:id/receipt: every poll reaches the note's Durable Object.
    await enforceRateLimit(request, env, "read");
    return html(200, renderReceipt((await noteReceipt(apiRequest as unknown as IRequest, env)) as Receipt));
  } catch (error) {
    if (error instanceof StatusError) return html(error.status, refusal(error.status));
    throw error;
  }
}
