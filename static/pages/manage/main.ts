/** The manage page: a live receipt (htmx polls a server-rendered fragment) and deletion with confirmation. */
import { fromBase64Url } from "../../../crypto/base64url";
import { deleteNote } from "../../../protocol/api";
import { ApiError, SAME_ORIGIN } from "../../../protocol/http";
import { announce, byId } from "../../shared/dom";
import { forgetSecret, takeSecret, watchFragment } from "../../shared/fragment";
import htmx from "../../shared/htmx";
import { lang, onLanguageSwitch, t } from "../../shared/i18n";
import { serverProblem } from "../../shared/server-problem";

const id = decodeURIComponent(location.pathname.split("/")[2] ?? "");
// The token leaves the address bar and history at once; this tab keeps it so a reload still shows the receipt.
const taken = takeSecret("manage", id);
const token = taken.secret ?? "";
watchFragment("manage", id, token);
// A language switch reloads with the whole link again, so even a final receipt shows in the new language.
onLanguageSwitch(() => token || null);
const receipt = byId("receipt");
const fragmentPath = `/fragments/receipt/${id}`;
let lastState = "";

// The manage token lives in the fragment only: it is added as a header here, never put in a URL or the DOM.
document.addEventListener("htmx:config:request", (event) => {
  const request = event.detail.ctx.request;
  if (new URL(request.action, location.href).pathname !== fragmentPath) return;
  if (receipt.dataset.final) return event.preventDefault();
  request.headers.Authorization = `Bearer ${token}`;
});

// Announce only changes, so a screen reader is not told the same status every five seconds.
document.addEventListener("htmx:after:swap", () => {
  const state = receipt.querySelector<HTMLElement>("[data-state]");
  const summary = state?.textContent?.trim() ?? "";
  if (summary && summary !== lastState) {
    if (lastState) announce(t("manage.status.changed", { summary }));
    lastState = summary;
  }
  // Destroyed or unknown notes never change again: stop polling and hide the delete control.
  if (receipt.querySelector("[data-final]")) {
    receipt.dataset.final = "true";
    // Nothing is left to manage: this tab stops keeping the token (the receipt stays on screen until it is closed).
    forgetSecret("manage", id);
    byId("delete-block").hidden = true;
  }
});

function confirmVisible(visible: boolean): void {
  byId("confirm").hidden = !visible;
  byId("delete").setAttribute("aria-expanded", String(visible));
  (visible ? byId("confirm-delete") : byId("delete")).focus();
}

function deleteProblem(error: unknown): string {
  if (error instanceof ApiError && error.status === 404) return t("common.error.already-gone");
  if (error instanceof ApiError && error.status === 403) return t("manage.delete.refused");
  return error instanceof ApiError ? serverProblem(error) : t("manage.delete.failed");
}

async function destroy(): Promise<void> {
  try {
    await deleteNote(SAME_ORIGIN, id, { manageToken: token });
    announce(t("manage.deleted"), "ok");
  } catch (error) {
    announce(deleteProblem(error), "error");
  }
  byId("confirm").hidden = true;
  htmx.trigger(receipt, "refresh");
}

if (taken.forgotten) {
  announce(t("manage.forgotten"), "error");
} else if (!/^[A-Za-z0-9_-]{22}$/.test(id) || fromBase64Url(token)?.length !== 32) {
  announce(t("manage.incomplete"), "error");
} else {
  // The receipt answers in this page's language (the Worker picks it from ?lang=).
  receipt.setAttribute("hx-get", `${fragmentPath}?lang=${encodeURIComponent(lang)}`);
  receipt.hidden = false;
  byId("delete-block").hidden = false;
  byId("delete").addEventListener("click", () => confirmVisible(byId("confirm").hidden));
  byId("cancel-delete").addEventListener("click", () => confirmVisible(false));
  byId("confirm-delete").addEventListener("click", () => void destroy());
  htmx.process(receipt);
}
