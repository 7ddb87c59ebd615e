/** htmx for the server-rendered, non-secret parts of a page (instance limits, receipt status). */
import htmx from "htmx.org";

// Server fragments carry <time datetime> in UTC; show them in the reader's own time zone once swapped in.
document.addEventListener("htmx:after:swap", () => {
  for (const time of document.querySelectorAll<HTMLTimeElement>("time[datetime]")) {
    const ms = Date.parse(time.dateTime);
    if (!Number.isNaN(ms)) time.textContent = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(ms);
  }
});

export default htmx;
