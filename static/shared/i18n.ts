/**
 * The page's language: its messages (the JSON data block the build put in the page, exactly the keys this page's
 * script uses), `t()` and the Intl formatters. The language itself was chosen by the Worker (`<html lang dir>`).
 */

import type { Message } from "../../i18n/format";
import {
  byteSize,
  formatDuration as duration,
  formatMessage,
  formatNumber as number,
  type Params,
} from "../../i18n/format";
import { startLanguagePicker } from "./language-picker";

const block = document.getElementById("strings");
const messages: Record<string, Message> = block?.textContent ? JSON.parse(block.textContent) : {};

/** The served language's code ("de", "pt-BR"), as in `<html lang>`. */
export const lang = document.documentElement.lang || "en";

/** A message of this page in its language; a key the build did not ship shows as itself, which the tests catch. */
export function t(key: string, params?: Params): string {
  const message = messages[key];
  return message === undefined ? key : formatMessage(lang, message, params);
}

/** The space between two sentences: none in Japanese and Chinese (the build says so in the data block). */
export const gap = messages["@gap"] === "" ? "" : " ";

/** Whole sentences in a row, with the space between them the language uses. */
export const sentences = (...parts: string[]) => parts.filter(Boolean).join(gap);

const SIZE_KEYS = { b: "common.bytes.b", kb: "common.bytes.kb", mb: "common.bytes.mb", gb: "common.bytes.gb" } as const;

/** "1.2 MB", "1,2 Mo": the number through Intl, the unit as the language abbreviates it. */
export function formatBytes(bytes: number): string {
  const { unit, n } = byteSize(lang, bytes);
  return t(SIZE_KEYS[unit], { n });
}

/** "5 minutes", "1 Tag", "٥ دقائق" for a duration in whole seconds. */
export const formatDuration = (seconds: number) => duration(lang, seconds);

/** A number in the language's digits and separators. */
export const formatNumber = (n: number) => number(lang, n);

/** A local date and time in the page's language, e.g. "Nov 28, 2026, 2:05 PM" or "28.11.2026, 14:05". */
export function formatTime(ms: number): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(ms);
}

const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1_000],
];

/** "in 3 days", "vor 5 Minuten": the largest unit that fits the distance from now, rounded. */
export function formatRelative(ms: number, now = Date.now()): string {
  const distance = ms - now;
  const [unit, size] = RELATIVE_UNITS.find(([, size]) => Math.abs(distance) >= size) ?? ["second", 1_000];
  return new Intl.RelativeTimeFormat(lang, { numeric: "auto" }).format(Math.round(distance / size), unit);
}

startLanguagePicker(lang);

// Fragments follow ?lang=, else Accept-Language: a page in a stored choice names its language, or they come in the browser's.
document.addEventListener("htmx:config:request", (event) => {
  const request = event.detail.ctx.request;
  const url = new URL(request.action, location.href);
  if (url.origin !== location.origin || url.searchParams.has("lang")) return;
  url.searchParams.set("lang", lang);
  request.action = url.pathname + url.search;
});

export { disableLanguageSwitch, onLanguageSwitch } from "./language-picker";
