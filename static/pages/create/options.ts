/** Expiry and view-limit controls, filled from the instance's /api/config. */
import type { Config } from "../../../protocol/wire";
import { byId, formatDuration } from "../../shared/dom";

/** Offers the instance's expiry choices and caps the view count at its limit. */
export function fillOptions(config: Config): void {
  const expiry = byId<HTMLSelectElement>("expiry");
  const choices = [...new Set([...config.expiryChoices, config.defaultTtl])]
    .filter((s) => s <= config.maxTtl)
    .sort((a, b) => a - b);
  expiry.replaceChildren(
    ...choices.map((seconds) => {
      const option = new Option(formatDuration(seconds), String(seconds));
      option.selected = seconds === config.defaultTtl;
      return option;
    }),
  );
  const count = byId<HTMLInputElement>("views-n");
  count.max = String(config.maxViews);
  count.value = String(Math.min(5, config.maxViews));
  // Typing a number means the person wants that option; select it for them.
  count.addEventListener("focus", () => {
    byId<HTMLInputElement>("views-some").checked = true;
  });
  if (config.maxViews < 2) byId("views-some").parentElement!.hidden = true;
  // The server enforces both policies; the form says so up front instead of failing on Create.
  if (config.oneTimeOnly) {
    byId<HTMLInputElement>("views-one").checked = true;
    byId("views-some").parentElement!.hidden = true;
    byId("views-any").parentElement!.hidden = true;
    byId("views-policy").hidden = false;
  }
  if (config.passwordRequired) {
    byId<HTMLInputElement>("password").required = true;
    byId("password-label").textContent = "Password (required on this server)";
  }
  showFooter(config);
}

/** The operator's footer line from the instance config; a link only when it is https. */
function showFooter(config: Config): void {
  if (!config.footerText) return;
  const line = document.createElement("p");
  const safeLink = config.footerLink && /^https:\/\//.test(config.footerLink) ? config.footerLink : "";
  const text = safeLink ? Object.assign(document.createElement("a"), { href: safeLink, rel: "noopener" }) : line;
  text.textContent = config.footerText;
  if (text !== line) line.append(text);
  document.querySelector("footer")!.append(line);
}

/** The chosen ttl in seconds and views (null = unlimited until expiry), or an error sentence. */
export function readOptions(config: Config): { ttl: number; views: number | null } | { error: string } {
  const ttl = Number(byId<HTMLSelectElement>("expiry").value);
  if (config.oneTimeOnly) return { ttl, views: 1 };
  const mode = (document.querySelector('input[name="views"]:checked') as HTMLInputElement | null)?.value ?? "one";
  if (mode === "one") return { ttl, views: 1 };
  if (mode === "any") return { ttl, views: null };
  const views = Number(byId<HTMLInputElement>("views-n").value);
  if (!Number.isInteger(views) || views < 1 || views > config.maxViews) {
    return { error: `The number of views must be a whole number from 1 to ${config.maxViews}.` };
  }
  return { ttl, views };
}
