/** Which offered language a page is served in: an explicit choice, else the browser's Accept-Language, else the default. */

/** Browsers send a few dozen characters; the rest of a longer header is never read, so its cost stays fixed. */
const HEADER_LIMIT = 1024;
/** RFC 9110's qvalue: 0 to 1 with at most three decimals ("1e999", "1.5" and "abc" are none). */
const QVALUE = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i;

/** A range's weight: 1 when it has none; 0 (dropped) when it is not one qvalue ("q=1e999", "q=1.5", two of them). */
function weight(params: string[]): number {
  const weights = params.map((p) => p.trim()).filter((p) => /^q=/i.test(p));
  if (weights.length === 0) return 1;
  const value = weights.length === 1 ? QVALUE.exec(weights[0] ?? "")?.[1] : undefined;
  return value === undefined ? 0 : Number(value);
}

/** Accept-Language ranges in preference order (highest q first, ties in the order sent); q=0 and "*" are dropped. */
export function preferredRanges(header: string): string[] {
  const ranges = header
    .slice(0, HEADER_LIMIT)
    .split(",", 32)
    .map((part, index) => {
      const [range = "", ...params] = part.trim().split(";");
      return { range: range.trim(), q: weight(params), index };
    })
    .filter((r) => r.q > 0 && /^[a-z]{1,8}(-[a-z0-9]{1,8})*$/i.test(r.range));
  return ranges.sort((a, b) => b.q - a.q || a.index - b.index).map((r) => r.range);
}

/** The offered code for one range: exact ("pt-BR"), else by its first subtag ("pt-PT" → "pt-BR", "zh-TW" → "zh-CN"). */
export function matchRange(range: string, offered: readonly string[]): string | undefined {
  const lower = range.toLowerCase();
  const exact = offered.find((code) => code.toLowerCase() === lower);
  if (exact) return exact;
  // A reader of another variant of the language reads ours far better than the fallback (Chinese readers of
  // Traditional script included: hushnote has Simplified only).
  const primary = lower.split("-")[0];
  return offered.find((code) => code.toLowerCase().split("-")[0] === primary);
}

/**
 * The language to serve. `requested` is an explicit choice (the picker's `?lang=`); it wins when offered. Then the
 * first Accept-Language range any offered language matches; then `fallback` (the instance's default).
 */
export function pickLanguage(
  requested: string | null,
  acceptLanguage: string | null,
  offered: readonly string[],
  fallback: string,
): string {
  if (requested) {
    const chosen = offered.find((code) => code.toLowerCase() === requested.toLowerCase());
    if (chosen) return chosen;
  }
  for (const range of preferredRanges(acceptLanguage ?? "")) {
    const match = matchRange(range, offered);
    if (match) return match;
  }
  return fallback;
}
