/** What the open page says about a note before anything is consumed (from the non-consuming GET). */
import type { Header } from "../../../crypto/index";
import type { NoteStatus } from "../../../protocol/wire";
import { formatBytes, formatDuration, formatRelative, formatTime, t } from "../../shared/i18n";

// What the creator asked for, one whole sentence per combination (views × whether an expiry was chosen).
const ASKED = {
  unlimited: { ttl: "note.facts.asked.unlimited", default: "note.facts.asked.unlimited.default" },
  once: { ttl: "note.facts.asked.once", default: "note.facts.asked.once.default" },
  views: { ttl: "note.facts.asked.views", default: "note.facts.asked.views.default" },
} as const;

function canBeOpened(status: NoteStatus, header: Header): string {
  if (status.viewsLeft === null) return t("note.facts.views.unlimited");
  if (header.views === 1) return t("note.facts.views.once");
  return t("note.facts.views.left", { count: status.viewsLeft, total: header.views ?? 0 });
}

function asked(header: Header): string {
  const views = header.views === null ? ASKED.unlimited : header.views === 1 ? ASKED.once : ASKED.views;
  const params = { count: header.views ?? 0 };
  if (header.ttl === null) return t(views.default, params);
  return t(views.ttl, { ...params, duration: formatDuration(header.ttl) });
}

/** Term/description pairs for the facts list. */
export function describe(status: NoteStatus, header: Header): [string, string][] {
  const expires = t("note.facts.expires.value", {
    time: formatTime(status.expiresAt),
    relative: formatRelative(status.expiresAt),
  });
  const facts: [string, string][] = [
    [t("note.facts.views"), canBeOpened(status, header)],
    [t("note.facts.expires"), expires],
    [t("note.facts.password"), t(header.kdf ? "note.facts.password.needed" : "note.facts.password.none")],
  ];
  // Notes stored before bodies moved in parts do not say; the download then shows bytes without a total.
  if (status.size !== null)
    facts.push([t("note.facts.size"), t("note.facts.size.value", { size: formatBytes(status.size) })]);
  // The header is bound into the encryption, so what the creator asked for is checked when it is revealed.
  facts.push([t("note.facts.asked"), asked(header)]);
  return facts;
}

/** Renders the facts into a description list. */
export function renderFacts(list: HTMLElement, facts: [string, string][]): void {
  list.replaceChildren(
    ...facts.flatMap(([term, value]) => {
      const dt = document.createElement("dt");
      dt.textContent = term;
      const dd = document.createElement("dd");
      dd.textContent = value;
      return [dt, dd];
    }),
  );
}
