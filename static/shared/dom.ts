/** Small DOM helpers shared by the pages. */
import { t } from "./i18n";

/** The element with this id; a missing one is a build mistake, so fail loudly. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing`);
  return element as T;
}

/** Puts a message in the page's polite live region so screen readers hear it. */
export function announce(text: string, kind: "info" | "error" | "ok" = "info"): void {
  const status = byId("status");
  status.className = kind === "info" ? "" : kind;
  status.textContent = text;
}

/** Shows exactly the given elements among a set of mutually exclusive views. */
export function showOnly(all: HTMLElement[], visible: HTMLElement[]): void {
  for (const element of all) element.hidden = !visible.includes(element);
}

/** What a copy button copies; a tab is named by its visible heading; `said` names a page's own two messages. */
export type Copied = "link" | "manage-link" | "text" | { tab: string } | { said: [copied: string, failed: string] };

// One message per thing copied: a translated noun spliced into a sentence does not work in many languages.
const COPIED = {
  link: "common.copied.link",
  "manage-link": "common.copied.manage-link",
  text: "common.copied.text",
} as const;
const COPY_FAILED = {
  link: "common.copy.failed.link",
  "manage-link": "common.copy.failed.manage-link",
  text: "common.copy.failed.text",
} as const;

/** Makes a button copy text to the clipboard and say so. */
export function copyOnClick(button: HTMLButtonElement, text: () => string, what: Copied): void {
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(text());
      if (typeof what === "object" && "said" in what) return announce(t(what.said[0]), "ok");
      announce(typeof what === "string" ? t(COPIED[what]) : t("common.copied.tab", { title: what.tab }), "ok");
    } catch {
      if (typeof what === "object" && "said" in what) return announce(t(what.said[1]), "error");
      announce(
        typeof what === "string" ? t(COPY_FAILED[what]) : t("common.copy.failed.tab", { title: what.tab }),
        "error",
      );
    }
  });
}
