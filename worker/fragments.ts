/** Server-rendered HTML fragments that htmx swaps into the pages: instance limits and the live receipt. */
import type { IRequest } from "itty-router";
import { type Config, readConfig } from "./config";
import { STORAGE_RETRY_SECONDS, StatusError } from "./errors";
import type { Receipt } from "./note-object";
import { bearerHash, readReceipt } from "./notes";
import { enforceRateLimit } from "./rate-limit";
import { StorageUnavailable } from "./storage-guard";
import { noteId } from "./validate";

const REASONS: Record<string, string> = {
  burned: "read, and burned after reading",
  expired: "expired",
  deleted: "deleted",
  lockout: "too many wrong passwords, so it destroyed itself",
  incomplete: "the upload never finished, so it was removed",
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** UTC on the server; the page rewrites each <time> in the reader's own zone after the swap. */
const time = (ms: number) => {
  const iso = new Date(ms).toISOString();
  return `<time datetime="${iso}">${iso.slice(0, 16).replace("T", " ")} UTC</time>`;
};
const MIB = 1024 * 1024;
const size = (bytes: number) =>
  bytes < MIB ? `${Math.round(bytes / 1024)} KB` : `${(bytes / MIB).toFixed(bytes % MIB ? 1 : 0)} MB`;
const days = (seconds: number) =>
  seconds % 86400 ? `${Math.round(seconds / 3600)} hours` : `${seconds / 86400} day${seconds === 86400 ? "" : "s"}`;

function html(status: number, body: string): Response {
  return new Response(body, { status, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

function limits(config: Config): string {
  return (
    `${escapeHtml(config.instanceName)} takes up to ${size(config.maxBodyBytes)} per note (text and files together), ` +
    `${config.oneTimeOnly ? "one-time only" : `up to ${config.maxViews} views`}, kept at most ${days(config.maxTtl)}.` +
    (config.passwordRequired ? " Every secret needs a password." : "")
  );
}

function summary(receipt: Receipt): { state: string; text: string } {
  const destroyed = receipt.events.find((e) => e.type === "destroyed");
  if (receipt.state === "destroyed" || destroyed) {
    return {
      state: "destroyed",
      text: `Destroyed: ${escapeHtml(REASONS[destroyed?.reason ?? ""] ?? destroyed?.reason ?? "gone")}.`,
    };
  }
  if (receipt.state === "uploading") {
    return { state: "uploading", text: `Uploading: ${receipt.partsStored} of ${receipt.parts} parts stored.` };
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
    facts.push(
      `<dt>Views left</dt><dd>${receipt.viewsLeft === null ? "unlimited until it expires" : receipt.viewsLeft}</dd>`,
    );
  }
  const events = receipt.events.map((e) => {
    const what =
      e.type === "destroyed"
        ? `Destroyed (${escapeHtml(REASONS[e.reason ?? ""] ?? e.reason ?? "")})`
        : e.type === "opened"
          ? "Opened"
          : "Created";
    return `<li>${what} ${time(e.at)}</li>`;
  });
  return (
    `<h2 id="receipt-title">Status</h2><p class="state" data-state="${state}"${final}>${text}</p>` +
    (state === "uploading"
      ? `<progress id="upload-parts" max="${receipt.parts}" value="${receipt.partsStored}" aria-label="Parts stored"></progress>`
      : "") +
    `<dl class="facts">${facts.join("")}</dl><h3>Events</h3><ol>${events.join("")}</ol>`
  );
}

function refusal(status: number): string {
  if (status !== 403 && status !== 404) {
    // Busy (429) or a passing failure: say so, and keep polling.
    return `<h2 id="receipt-title">Status</h2><p class="state" data-state="unknown">The receipt could not be refreshed just now; trying again shortly.</p>`;
  }
  const text =
    status === 404
      ? "There is no note here: it was destroyed and its receipt has since been erased, or the link is wrong."
      : "This manage link does not match this note. Use the whole link you were given.";
  return `<h2 id="receipt-title">Status</h2><p class="state" data-state="destroyed" data-final>${text}</p>`;
}

/** GET /fragments/limits: the create page's line about this instance's limits. */
export const limitsFragment = (_request: IRequest, env: Env) => html(200, limits(readConfig(env)));

/** GET /fragments/receipt/:id: the receipt API's answer as HTML (the manage token in Authorization, never the URL). */
export async function receiptFragment(request: IRequest, env: Env): Promise<Response> {
  try {
    // The receipt API's allowance, counted here so that a 429 is HTML that htmx swaps in like any other refusal.
    await enforceRateLimit(request, env, "read");
    return html(200, renderReceipt(await readReceipt(env, noteId(request.params.id), await bearerHash(request))));
  } catch (error) {
    if (error instanceof StatusError) return html(error.status, refusal(error.status));
    // Storage that did not answer is a passing failure too: htmx swaps in HTML, and the page polls again.
    if (error instanceof StorageUnavailable) {
      const busy = html(503, refusal(503));
      busy.headers.set("Retry-After", String(STORAGE_RETRY_SECONDS));
      return busy;
    }
    throw error;
  }
}

/** Any other path under /fragments/. */
export const noSuchFragment = () => html(404, "<p>There is no such fragment.</p>");
