/** The result view: share link with copy button and QR code, and the separate private manage link. */
import { renderSVG } from "uqr";
import { byId, copyOnClick, formatDuration } from "../../shared/dom";
import { qrMarkup } from "../../shared/trusted-types";

export interface Links {
  share: string;
  manage: string;
  views: number | null;
  ttl: number;
  password: boolean;
}

/** Fills in and reveals the result, then moves focus to it so keyboard and screen-reader users land there. */
export function showResult(links: Links): void {
  byId<HTMLInputElement>("share-link").value = links.share;
  byId<HTMLInputElement>("manage-link").value = links.manage;
  const views =
    links.views === 1
      ? "Opens once"
      : links.views === null
        ? "Opens any number of times"
        : `Opens up to ${links.views} times`;
  const password = links.password ? " The recipient also needs the password." : "";
  byId("share-summary").textContent = `${views}, within ${formatDuration(links.ttl)}.${password}`;
  // uqr emits plain SVG (fill attributes, no style attributes), so it renders under the strict CSP.
  byId("qr").innerHTML = qrMarkup(renderSVG(links.share, { ecc: "M", border: 2 }));
  byId("result").hidden = false;
  byId("result-title").focus();
}

/** Wires the copy buttons once. */
export function setUpResult(): void {
  copyOnClick(byId<HTMLButtonElement>("copy-share"), () => byId<HTMLInputElement>("share-link").value, "Link");
  copyOnClick(byId<HTMLButtonElement>("copy-manage"), () => byId<HTMLInputElement>("manage-link").value, "Manage link");
}

/** Hides the result and wipes the links from the page. */
export function clearResult(): void {
  byId<HTMLInputElement>("share-link").value = "";
  byId<HTMLInputElement>("manage-link").value = "";
  byId("qr").replaceChildren();
  byId("result").hidden = true;
}
