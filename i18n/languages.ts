/** The languages hushnote's pages are translated into: code (BCP 47), the name in that language, writing direction. */
export interface Language {
  code: string;
  name: string;
  dir: "ltr" | "rtl";
  /** Scripts that put no space between sentences or before a link (Japanese, Chinese). */
  unspaced?: true;
}

/** Order is the picker's order: English first, then by code. Adding one: docs/TRANSLATING.md. */
export const LANGUAGES: readonly Language[] = [
  { code: "en", name: "English", dir: "ltr" },
  { code: "ar", name: "العربية", dir: "rtl" },
  { code: "de", name: "Deutsch", dir: "ltr" },
  { code: "es", name: "Español", dir: "ltr" },
  { code: "fr", name: "Français", dir: "ltr" },
  { code: "it", name: "Italiano", dir: "ltr" },
  { code: "ja", name: "日本語", dir: "ltr", unspaced: true },
  { code: "nl", name: "Nederlands", dir: "ltr" },
  { code: "pl", name: "Polski", dir: "ltr" },
  { code: "pt-BR", name: "Português (Brasil)", dir: "ltr" },
  { code: "uk", name: "Українська", dir: "ltr" },
  { code: "zh-CN", name: "简体中文", dir: "ltr", unspaced: true },
];

/** The language every catalog is checked against and every page falls back to. */
export const SOURCE_LANGUAGE = "en";

export const LANGUAGE_CODES: readonly string[] = LANGUAGES.map((l) => l.code);

/** The table entry for a code, matched case-insensitively; undefined for a language we do not have. */
export function languageOf(code: string): Language | undefined {
  const lower = code.toLowerCase();
  return LANGUAGES.find((l) => l.code.toLowerCase() === lower);
}
