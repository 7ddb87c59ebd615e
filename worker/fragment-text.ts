/** The words of the htmx fragments in the page's language: its messages, sizes and durations, HTML-escaped. */
import { formatDuration, formatMessage, type Params } from "../i18n/format";
import { FRAGMENT_STRINGS } from "./generated/strings";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A "fragments" message (key without the section) as plain text; a key no catalog has is a build mistake. */
function text(lang: string, key: string, params?: Params): string {
  const message = FRAGMENT_STRINGS[lang]?.[key] ?? FRAGMENT_STRINGS.en?.[key];
  if (message === undefined) throw new Error(`fragments.${key} is missing from the catalog`);
  return formatMessage(lang, message, params);
}

/** A "fragments" message, HTML-escaped (params included: an instance name is the operator's text). */
export const say = (lang: string, key: string, params?: Params) => escapeHtml(text(lang, key, params));

// Stands in for markup while a message is formatted and escaped; NUL never occurs in a message or a param.
const slot = (name: string) => `\u0000${name}\u0000`;

/** A message around server-made markup (a <time>): the words are escaped, the markup is put in afterwards. */
export function sayAround(lang: string, key: string, markup: Record<string, string>): string {
  const params = Object.fromEntries(Object.keys(markup).map((name) => [name, slot(name)]));
  let html = say(lang, key, params);
  for (const [name, value] of Object.entries(markup)) html = html.replace(slot(name), value);
  return html;
}

const MIB = 1024 * 1024;

/** "512 KB", "100 MB", "1.5 MB" ("1,5 Mo"): whole KB below a MiB, else MB with one decimal unless it is whole. */
export function sizeText(lang: string, bytes: number): string {
  const mb = bytes >= MIB;
  const digits = mb && bytes % MIB ? 1 : 0;
  const format = new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const n = format.format(mb ? bytes / MIB : Math.round(bytes / 1024));
  return text(lang, mb ? "size.mb" : "size.kb", { n });
}

/** "30 days", "36 hours" ("30 Tage"): whole days, else hours rounded, as the instance's longest life. */
export function durationText(lang: string, seconds: number): string {
  if (seconds % 86400 === 0 || seconds < 3600) return formatDuration(lang, seconds);
  return formatDuration(lang, Math.round(seconds / 3600) * 3600);
}
