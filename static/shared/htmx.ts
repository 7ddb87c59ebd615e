/** htmx for the server-rendered, non-secret parts of a page (instance limits, receipt status). */
import htmx from "htmx.org";
import { formatTime } from "./i18n";
import { policy } from "./trusted-types";

// Under the pages' Trusted Types CSP, htmx parses each fragment through this policy (htmx 4's initSecurity hook).
// Fragments come only from this server's own routes (htmx's same-origin mode) and never carry scripts.
const fragments = policy("htmx", {
  createHTML(html) {
    if (/<\s*script/i.test(html)) throw new TypeError("A server fragment with a script in it is not shown.");
    return html;
  },
  createScript() {
    throw new TypeError("Scripts from server fragments are never run.");
  },
});
htmx.registerExtension("hushnote-trusted-types", {
  init: (api: { initSecurity(ttPolicy: unknown): void }) => api.initSecurity(fragments),
});

// Only this Worker's own fragments are swapped in: they all name their language. An error page from a proxy or the
// platform in front of it (a 502 from a gateway) is not hushnote's, so the page keeps what it showed and polls again.
document.addEventListener("htmx:before:swap", (event) => {
  const { ctx } = (event as CustomEvent<{ ctx?: { response?: { raw?: Response } } }>).detail;
  if (!ctx?.response?.raw?.headers.has("Content-Language")) event.preventDefault();
});

// Server fragments carry <time datetime> in UTC; show them in the reader's own time zone and the page's language.
document.addEventListener("htmx:after:swap", () => {
  for (const time of document.querySelectorAll<HTMLTimeElement>("time[datetime]")) {
    const ms = Date.parse(time.dateTime);
    if (!Number.isNaN(ms)) time.textContent = formatTime(ms);
  }
});

export default htmx;
