/**
 * The asker's live view: htmx polls the request's content-free status fragment (the manage token in a header, never
 * the URL or the DOM); answers are fetched from the API and opened on the note page; Revoke asks first.
 */
import { ApiError, SAME_ORIGIN } from "../../../protocol/http";
import { requestAnswers, revokeRequest } from "../../../protocol/requests";
import { announce, byId } from "../../shared/dom";
import { forgetSecret } from "../../shared/fragment";
import htmx from "../../shared/htmx";
import { lang, t } from "../../shared/i18n";
import { serverProblem } from "../../shared/server-problem";
import { noteState, showAnswers } from "./answers";
import type { AskerKeys } from "./keys";

const panel = byId("request-status");
let lastSummary = "";

function confirmVisible(visible: boolean): void {
  byId("confirm").hidden = !visible;
  byId("revoke").setAttribute("aria-expanded", String(visible));
  (visible ? byId("confirm-revoke") : byId("revoke")).focus();
}

async function revoke(id: string, token: string): Promise<void> {
  try {
    await revokeRequest(SAME_ORIGIN, id, token);
    announce(t("ask.revoked"), "ok");
  } catch (error) {
    const gone = error instanceof ApiError && error.status === 404;
    const refused = error instanceof ApiError && error.status === 403;
    announce(gone ? t("common.error.already-gone") : refused ? t("ask.revoke.refused") : serverProblem(error), "error");
  }
  confirmVisible(false);
  htmx.trigger(panel, "refresh");
}

/** Whether an answer was still uploading when last listed: the status does not change when it completes. */
let arriving = false;

/** The answers as the API lists them, each with its note's state (the server says; older ones do not: "live"). */
async function refreshAnswers(id: string, keys: AskerKeys): Promise<void> {
  try {
    const { answers } = await requestAnswers(SAME_ORIGIN, id, keys.token);
    const listed = answers.map((answer) => ({ ...answer, state: noteState(answer) }));
    arriving = listed.some((answer) => answer.state === "uploading");
    showAnswers(id, keys, listed);
  } catch (error) {
    // The status above still says what is known; a later change tries again.
    if (!(error instanceof ApiError && error.status === 404)) announce(serverProblem(error), "error");
  }
}

/** Starts polling this request's status and wires Revoke. */
export function watchRequest(id: string, keys: AskerKeys): void {
  const path = `/fragments/request/${id}`;
  document.addEventListener("htmx:config:request", (event) => {
    const request = event.detail.ctx.request;
    if (new URL(request.action, location.href).pathname !== path) return;
    if (panel.dataset.final) return event.preventDefault();
    request.headers.Authorization = `Bearer ${keys.token}`;
  });
  document.addEventListener("htmx:after:swap", () => {
    const state = panel.querySelector<HTMLElement>("[data-state]");
    const summary = state?.textContent?.trim() ?? "";
    // Announce only changes, so a screen reader is not told the same status every five seconds; an answer that came
    // in changes the summary, so that is when the answers are fetched.
    if (summary && summary !== lastSummary) {
      if (lastSummary) announce(t("ask.status.changed", { summary }));
      lastSummary = summary;
      if (state?.dataset.state === "waiting" || state?.dataset.state === "answered") void refreshAnswers(id, keys);
    } else if (arriving) void refreshAnswers(id, keys);
    if (panel.querySelector("[data-final]")) {
      // Expired, revoked or unknown: it never changes again, so polling stops and this tab forgets the private link.
      panel.dataset.final = "true";
      forgetSecret("request", id);
      forgetSecret("request-link", id);
      byId("revoke-block").hidden = true;
      // Revoking deletes the answers' notes, and they expire no later than the request: nothing is left to open.
      byId("answers-block").hidden = true;
    }
  });
  byId("revoke").addEventListener("click", () => confirmVisible(byId("confirm").hidden));
  byId("cancel-revoke").addEventListener("click", () => confirmVisible(false));
  byId("confirm-revoke").addEventListener("click", () => void revoke(id, keys.token));
  // The status answers in this page's language (the Worker picks it from ?lang=).
  panel.setAttribute("hx-get", `${path}?lang=${encodeURIComponent(lang)}`);
  panel.hidden = false;
  byId("revoke-block").hidden = false;
  htmx.process(panel);
}
