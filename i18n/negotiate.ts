/** Which offered language a page is served in: an explicit choice, else the browser's Accept-Language, else the default. */

/** Accept-Language ranges in preference order (highest q first, ties in the order sent); q=0 and "*" are dropped. */
export function preferredRanges(header: string): string[] {
  const ranges = header
    .split(",")
    .slice(0, 32)
    .map((part, index) => {
      const [range = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim().match(/^q=([01](?:\.\d{0,3})?)$/i)).find(Boolean);
      return { range: range.trim(), q: q ? Number(q[1]) : 1, index };
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
