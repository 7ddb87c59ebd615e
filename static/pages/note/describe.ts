/** What the open page says about a note before anything is consumed (from the non-consuming GET). */
import type { Header } from "../../../crypto/index";
import type { NoteStatus } from "../../../protocol/wire";
import { formatBytes, formatDuration, formatTime } from "../../shared/dom";

/** Term/description pairs for the facts list. */
export function describe(status: NoteStatus, header: Header): [string, string][] {
  const views =
    status.viewsLeft === null
      ? "Any number of times until it expires"
      : header.views === 1
        ? "Once: it is destroyed when you reveal it"
        : `${status.viewsLeft} of ${header.views} views left`;
  const facts: [string, string][] = [
    ["Can be opened", views],
    ["Expires", formatTime(status.expiresAt)],
    ["Password", header.kdf ? "Needed: ask the sender, it is not in the link" : "Not needed"],
  ];
  // Notes stored before bodies moved in parts do not say; the download then shows bytes without a total.
  if (status.size !== null) facts.push(["Size", `${formatBytes(status.size)}, encrypted`]);
  // The header is bound into the encryption, so what the creator asked for is checked when it is revealed.
  const asked = `${header.views === null ? "unlimited views" : header.views === 1 ? "one-time" : `${header.views} views`}, expiring after ${header.ttl === null ? "the server default" : formatDuration(header.ttl)}`;
  facts.push(["Creator asked for", asked]);
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
