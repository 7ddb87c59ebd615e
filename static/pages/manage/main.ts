/** The manage page: a live receipt (htmx polls a server-rendered fragment) and deletion with confirmation. */
import { fromBase64Url } from "../../../crypto/base64url";
import { deleteNote } from "../../../protocol/api";
import { ApiError, SAME_ORIGIN } from "../../../protocol/http";
import { announce, byId } from "../../shared/dom";
import { forgetSecret, takeSecret, watchFragment } from "../../shared/fragment";
import htmx from "../../shared/htmx";

const id = decodeURIComponent(location.pathname.split("/")[2] ?? "");
// The token leaves the address bar and history at once; this tab keeps it so a reload still shows the receipt.
const taken = takeSecret("manage", id);
const token = taken.secret ?? "";
watchFragment("manage", id, token);
const receipt = byId("receipt");
const fragmentPath = `/fragments/receipt/${id}`;
let lastState = "";

// The manage token lives in the fragment only: it is added as a header here, never put in a URL or the DOM.
document.addEventListener("htmx:config:request", (event) => {
  const request = event.detail.ctx.request;
  if (request.action !== fragmentPath && !request.action.endsWith(fragmentPath)) return;
  if (receipt.dataset.final) return event.preventDefault();
  request.headers.Authorization = `Bearer ${token}`;
});

// Announce only changes, so a screen reader is not told the same status every five seconds.
document.addEventListener("htmx:after:swap", () => {
  const state = receipt.querySelector<HTMLElement>("[data-state]");
  const summary = state?.textContent?.trim() ?? "";
  if (summary && summary !== lastState) {
    if (lastState) announce(`Status changed: ${summary}`);
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

async function destroy(): Promise<void> {
  try {
    await deleteNote(SAME_ORIGIN, id, { manageToken: token });
    announce("Deleted: nobody can open the link any more.", "ok");
  } catch (error) {
    announce(
      error instanceof ApiError && error.status === 404
        ? "It was already gone."
        : error instanceof Error
          ? error.message
          : "Could not delete it.",
      "error",
    );
  }
  byId("confirm").hidden = true;
  htmx.trigger(receipt, "refresh");
}

if (taken.forgotten) {
  announce(
    "This secret is gone, so this tab no longer keeps its manage key. Open the whole manage link again to see its final receipt.",
    "error",
  );
} else if (!/^[A-Za-z0-9_-]{22}$/.test(id) || fromBase64Url(token)?.length !== 32) {
  announce(
    "This manage link is incomplete: the part after # is missing or damaged. Use the whole link you were given.",
    "error",
  );
} else {
  receipt.setAttribute("hx-get", fragmentPath);
  receipt.hidden = false;
  byId("delete-block").hidden = false;
  byId("delete").addEventListener("click", () => confirmVisible(byId("confirm").hidden));
  byId("cancel-delete").addEventListener("click", () => confirmVisible(false));
  byId("confirm-delete").addEventListener("click", () => void destroy());
  htmx.process(receipt);
}
