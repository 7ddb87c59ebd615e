// The build's side of localization: loads the catalogs (i18n/locales/<code>.json), fills a page template's
// {{section.key}} slots, and picks the messages a page's script uses (every "section.key" literal in its bundle).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as esbuild from "esbuild";

export const SECTIONS = ["common", "create", "note", "manage", "pad", "ask", "answer", "fragments"];
const KEY_LITERAL = new RegExp(`"((?:${SECTIONS.join("|")})\\.[A-Za-z0-9_.-]+)"`, "g");

/** i18n/languages.ts, compiled on the fly so the table has one source. */
export async function loadLanguages() {
  const out = await esbuild.build({ entryPoints: ["i18n/languages.ts"], bundle: true, write: false, format: "esm" });
  const module = await import(`data:text/javascript,${encodeURIComponent(out.outputFiles[0].text)}`);
  return { languages: module.LANGUAGES, source: module.SOURCE_LANGUAGE };
}

const PLURAL_FORMS = ["zero", "one", "two", "few", "many", "other"];
// Controls, line and paragraph separators, bidi embeddings, overrides and isolates (a message with one could turn
// an id or a link shown in it around), private use (the note page's name marker) and noncharacters.
const UNSAFE_CHARACTER = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069\p{Co}\p{Cs}\uFDD0-\uFDEF\uFFFE\uFFFF]/u;

/** A message is a string or one string per plural form with "other", with no character that could hide or turn text. */
export function checkMessage(message, name) {
  const plural = message !== null && typeof message === "object" && !Array.isArray(message);
  const forms = plural ? Object.entries(message) : [["other", message]];
  if (
    (plural && !("other" in message)) ||
    forms.some(([f, text]) => !PLURAL_FORMS.includes(f) || typeof text !== "string")
  )
    throw new Error(`${name}: a message is a string or {one, …, other} strings`);
  for (const [, text] of forms) {
    const found = UNSAFE_CHARACTER.exec(text);
    if (found)
      throw new Error(`${name}: U+${found[0].codePointAt(0).toString(16).toUpperCase()} has no place in a message`);
  }
}

/** `{section: {key: message}}` → `{"section.key": message}`, rejecting unknown sections and unsafe messages. */
function flatten(catalog, file) {
  const flat = {};
  for (const [section, entries] of Object.entries(catalog)) {
    if (!SECTIONS.includes(section)) throw new Error(`${file}: unknown section "${section}"`);
    for (const [key, message] of Object.entries(entries)) {
      checkMessage(message, `${file}: ${section}.${key}`);
      flat[`${section}.${key}`] = message;
    }
  }
  return flat;
}

/** Every language's flat catalog; drafts (i18n/draft/<section>.json, pages being converted) add English keys. */
export function loadCatalogs(languages, source) {
  const catalogs = {};
  for (const { code } of languages) {
    const file = `i18n/locales/${code}.json`;
    catalogs[code] = existsSync(file) ? flatten(JSON.parse(readFileSync(file, "utf8")), file) : {};
  }
  if (existsSync("i18n/draft")) {
    for (const name of readdirSync("i18n/draft").sort()) {
      const section = name.replace(/\.json$/, "");
      const draft = JSON.parse(readFileSync(`i18n/draft/${name}`, "utf8"));
      Object.assign(catalogs[source], flatten({ [section]: draft }, `i18n/draft/${name}`));
    }
  }
  return catalogs;
}

/** A language's catalog with the source language's message wherever it has none (counted, so the build says so). */
export function withFallback(catalog, english) {
  const missing = Object.keys(english).filter((key) => !(key in catalog));
  return { messages: { ...english, ...catalog }, missing };
}

const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The template with {{@lang}}, {{@dir}}, {{@space}} (between sentences; none in Japanese and Chinese) and every {{section.key}} filled in, HTML-escaped. */
export function fillTemplate(template, name, language, messages) {
  return template.replace(/\{\{([@A-Za-z0-9_.-]+)\}\}/g, (_, key) => {
    if (key === "@lang") return language.code;
    if (key === "@dir") return language.dir;
    if (key === "@space") return language.unspaced ? "" : " ";
    const message = messages[key];
    if (message === undefined && existsSync("i18n/draft")) return key; // a page mid-conversion (see scriptKeys)
    if (message === undefined) throw new Error(`${name}: page.html uses {{${key}}}, which en.json lacks`);
    if (typeof message !== "string") throw new Error(`${name}: {{${key}}} is a plural message; use it from script`);
    return escapeHtml(message);
  });
}

/** The keys a page's bundled script names; an unknown one fails the build (a typo would show as a raw key). */
export function scriptKeys(js, name, english) {
  const keys = [...new Set([...js.matchAll(KEY_LITERAL)].map((m) => m[1]))].sort();
  const unknown = keys.filter((key) => !(key in english));
  const problem = `${name}: the script uses keys en.json lacks: ${unknown.join(", ")}`;
  // While pages are being converted (i18n/draft exists) this only warns, so one page's gap does not stop the others.
  if (unknown.length && !existsSync("i18n/draft")) throw new Error(problem);
  if (unknown.length) console.warn(`warning: ${problem}`);
  return keys;
}

/** The short name a page's script and data block use for its n-th key ("_0", "_1", … "_a"): keys cost bytes twice. */
const shortId = (index) => `_${index.toString(36)}`;

/** The bundle with each key literal replaced by its short name (keys are sorted, so the names are reproducible). */
export function shortenKeys(js, keys) {
  const ids = new Map(keys.map((key, index) => [key, shortId(index)]));
  return js.replace(KEY_LITERAL, (literal, key) => (ids.has(key) ? `"${ids.get(key)}"` : literal));
}

/** A non-executable data block (CSP does not govern it) with the script's messages; "<" escaped so it cannot close. */
export function stringsBlock(keys, messages, short = false, language = {}) {
  const entries = keys.map((key, index) => [short ? shortId(index) : key, messages[key]]);
  // "@gap": the space between sentences, given only where it is none (Japanese, Chinese), so the others pay nothing.
  if (language.unspaced) entries.push(["@gap", ""]);
  const json = JSON.stringify(Object.fromEntries(entries));
  return `<script type="application/json" id="strings">${json.replace(/</g, "\\u003c")}</script>`;
}

/** The footer's picker: every built language by its own name; the page script removes those the instance does not offer. */
export function pickerMarkup(languages, current, messages) {
  const options = languages
    .map(
      (l) =>
        `<option value="${l.code}" lang="${l.code}"${l.code === current.code ? " selected" : ""}>${escapeHtml(l.name)}</option>`,
    )
    .join("");
  return `<p class="languages" hidden><label for="language">${escapeHtml(messages["common.language.label"] ?? "Language")}</label> <select id="language">${options}</select></p>`;
}
