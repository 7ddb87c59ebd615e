/** Expiry and view-limit controls, filled from the instance's /api/config. */
import type { Config } from "../../../protocol/wire";
import { byId } from "../../shared/dom";
import { formatDuration, t } from "../../shared/i18n";

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
  viewsUnit();
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
    byId("password-label").textContent = t("create.password.label.required");
  }
  showFooter(config);
}

/** "views" after the number box, in the plural form its number calls for (Polish and Arabic have several). */
function viewsUnit(): void {
  const n = Number(byId<HTMLInputElement>("views-n").value);
  byId("views-unit").textContent = t("create.views.some.after", { count: Number.isFinite(n) ? n : 0 });
}

/** Shows the unit after the view count and keeps it in step with what is typed. */
export function setUpViewCount(): void {
  viewsUnit();
  byId("views-n").addEventListener("input", viewsUnit);
}

/** The operator's footer line from the instance config; a link only when it is https. */
function showFooter(config: Config): void {
  if (!config.footerText) return;
  const line = document.createElement("p");
  // The operator's own words, in whatever language they wrote them.
  line.dir = "auto";
  const safeLink = config.footerLink && /^https:\/\//.test(config.footerLink) ? config.footerLink : "";
  const text = safeLink ? Object.assign(document.createElement("a"), { href: safeLink, rel: "noopener" }) : line;
  text.textContent = config.footerText;
  if (text !== line) line.append(text);
  // Above the language picker, next to the page's own footer line.
  const footer = document.querySelector("footer")!;
  footer.insertBefore(line, footer.querySelector(".languages"));
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
    return { error: t("create.views.invalid", { max: config.maxViews }) };
  }
  return { ttl, views };
}
