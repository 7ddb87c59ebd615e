/** The new request's two links: the one to send (copy, QR code) and the private one only the asker keeps. */
import { renderSVG } from "uqr";
import { byId, copyOnClick } from "../../shared/dom";
import { formatDuration, t } from "../../shared/i18n";
import { qrMarkup } from "../../shared/trusted-types";

/** What the links section shows: both links and, on the tab that made the request, what was chosen. */
export interface Shown {
  requestLink: string;
  privateLink: string;
  choices?: { ttl: number; answers: number };
}

/** Fills in and reveals the links; focus moves to them only when they were just made (`focus`). */
export function showLinks({ requestLink, privateLink, choices }: Shown, focus: boolean): void {
  byId<HTMLInputElement>("request-link").value = requestLink;
  byId<HTMLInputElement>("private-link").value = privateLink;
  byId("request-summary").textContent = choices
    ? t("ask.request.summary", { count: choices.answers, duration: formatDuration(choices.ttl) })
    : "";
  // uqr emits plain SVG (fill attributes, no style attributes), so it renders under the strict CSP.
  byId("qr").innerHTML = qrMarkup(renderSVG(requestLink, { ecc: "M", border: 2 }));
  byId("links").hidden = false;
  if (focus) byId("links-title").focus();
}

/** Wires the copy buttons once. */
export function setUpLinks(): void {
  copyOnClick(byId<HTMLButtonElement>("copy-request"), () => byId<HTMLInputElement>("request-link").value, "link");
  copyOnClick(byId<HTMLButtonElement>("copy-private"), () => byId<HTMLInputElement>("private-link").value, {
    said: ["ask.private.copied", "ask.private.copy-failed"],
  });
}
