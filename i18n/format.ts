/** Message formatting shared by the pages and the Worker: `{name}` placeholders and plural forms, through Intl. */

/** A catalog entry: a sentence, or one sentence per plural category of the language (Intl.PluralRules). */
export type Message = string | Partial<Record<Intl.LDMLPluralRule, string>>;
export type Params = Record<string, string | number>;

const PLACEHOLDER = /\{([a-zA-Z]+)\}/g;
const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

function cached<T>(map: Map<string, T>, lang: string, make: () => T): T {
  let value = map.get(lang);
  if (value === undefined) {
    value = make();
    map.set(lang, value);
  }
  return value;
}

/** A number as the language writes it ("1,234", "1.234", "١٬٢٣٤"). */
export function formatNumber(lang: string, n: number): string {
  return cached(numberFormats, lang, () => new Intl.NumberFormat(lang)).format(n);
}

/** The plural form for `count`, falling back to "other", which every language has. */
export function pluralForm(lang: string, message: Exclude<Message, string>, count: number): string {
  const category = cached(pluralRules, lang, () => new Intl.PluralRules(lang)).select(count);
  const form = message[category] ?? message.other;
  if (form === undefined) throw new Error("a plural message lacks its 'other' form");
  return form;
}

/** Fills in a message: numbers are written in the language's digits and separators; `count` picks the plural form. */
export function formatMessage(lang: string, message: Message, params: Params = {}): string {
  let text: string;
  if (typeof message === "string") text = message;
  else {
    const count = params.count;
    if (typeof count !== "number") throw new Error("a plural message needs a numeric count");
    text = pluralForm(lang, message, count);
  }
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? formatNumber(lang, value) : value;
  });
}

/** The placeholders a message uses, over all its forms (for the catalog check). */
export function placeholdersOf(message: Message): Set<string> {
  const forms = typeof message === "string" ? [message] : Object.values(message);
  return new Set(forms.flatMap((form) => [...(form ?? "").matchAll(PLACEHOLDER)].map((m) => m[1] as string)));
}

/** Which size unit a byte count is shown in, and its value written in the language ("12.0", "1,5", "512"). */
export function byteSize(lang: string, bytes: number): { unit: "b" | "kb" | "mb" | "gb"; n: string } {
  const units = ["b", "kb", "mb", "gb"] as const;
  let unit = 0;
  let value = bytes;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : 1;
  const n = new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  return { unit: units[unit] as "b", n };
}

const DURATION_UNITS = [
  [86400, "day"],
  [3600, "hour"],
  [60, "minute"],
  [1, "second"],
] as const;

/** "5 minutes", "1 day", "30 Tage", "٥ دقائق": the largest whole unit, plural-correct through Intl. */
export function formatDuration(lang: string, seconds: number): string {
  for (const [size, unit] of DURATION_UNITS) {
    if (seconds >= size && seconds % size === 0) {
      return new Intl.NumberFormat(lang, { style: "unit", unit, unitDisplay: "long" }).format(seconds / size);
    }
  }
  return new Intl.NumberFormat(lang, { style: "unit", unit: "second", unitDisplay: "long" }).format(seconds);
}
