/** The result view: share link with copy button and QR code, and the separate private manage link. */
import { renderSVG } from "uqr";
import { byId, copyOnClick } from "../../shared/dom";
import { disableLanguageSwitch, formatDuration, t } from "../../shared/i18n";
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
  byId("share-summary").textContent = summary(links);
  // uqr emits plain SVG (fill attributes, no style attributes), so it renders under the strict CSP.
  byId("qr").innerHTML = qrMarkup(renderSVG(links.share, { ecc: "M", border: 2 }));
  byId("result").hidden = false;
  // A language switch reloads the page, and the links exist nowhere else: the picker waits for "Create another".
  disableLanguageSwitch();
  byId("result-title").focus();
}

/** "Opens once, within 1 day." and its variants: one whole message per case, so every language can order it. */
function summary({ views, ttl, password }: Links): string {
  const duration = formatDuration(ttl);
  if (views === 1)
    return password ? t("create.summary.once.password", { duration }) : t("create.summary.once", { duration });
  if (views === null)
    return password ? t("create.summary.any.password", { duration }) : t("create.summary.any", { duration });
  return password
    ? t("create.summary.some.password", { count: views, duration })
    : t("create.summary.some", { count: views, duration });
}

/** Wires the copy buttons once. */
export function setUpResult(): void {
  copyOnClick(byId<HTMLButtonElement>("copy-share"), () => byId<HTMLInputElement>("share-link").value, "link");
  copyOnClick(byId<HTMLButtonElement>("copy-manage"), () => byId<HTMLInputElement>("manage-link").value, "manage-link");
}

/** Hides the result and wipes the links from the page. */
export function clearResult(): void {
  byId<HTMLInputElement>("share-link").value = "";
  byId<HTMLInputElement>("manage-link").value = "";
  byId("qr").replaceChildren();
  byId("result").hidden = true;
  disableLanguageSwitch(false);
}
