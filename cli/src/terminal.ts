/**
 * What a sender or a server can put on the reader's terminal: printable characters only. Controls (C0, DEL, C1, so
 * every escape sequence), format characters (bidi overrides and isolates, zero-width characters, BOM, tag characters)
 * and the Unicode line and paragraph separators are shown escaped instead: `\xHH` below U+0100, `\uHHHH` above.
 */

// General categories Cc (controls) and Cf (format), plus Zl and Zp: everything a terminal may act on or hide.
const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
const TEXT_HIDDEN = /(?![\n\t])[\p{Cc}\p{Cf}\u2028\u2029]/gu;
// A server sentence longer than this is cut: an error message must not be able to fill the screen.
const MAX_MESSAGE = 1000;

/** One hidden character as its escape: `\x1b`, `\x85`, `\u202e`, `\u{e0041}`. */
export function escapeChar(ch: string): string {
  const cp = ch.codePointAt(0) as number;
  const hex = cp.toString(16);
  if (cp < 0x100) return `\\x${hex.padStart(2, "0")}`;
  return cp <= 0xffff ? `\\u${hex.padStart(4, "0")}` : `\\u{${hex}}`;
}

/** The sender's text for a terminal, and how many characters were escaped. */
export interface Escaped {
  text: string;
  count: number;
}

/**
 * Note or notepad text for a terminal: newlines and tabs kept, every other hidden character escaped. `mark` dresses
 * each escape (reverse video on a capable terminal) so that it cannot be mistaken for a backslash the sender typed.
 */
export function escapeText(text: string, mark: (shown: string) => string = (e) => e): Escaped {
  let count = 0;
  const escaped = text.replace(TEXT_HIDDEN, (ch) => {
    count++;
    return mark(escapeChar(ch));
  });
  return { text: escaped, count };
}

/** Reverse video around an escape: the sender cannot produce it, since every ESC they send is itself escaped. */
export const reverseVideo = (shown: string) => `\x1b[7m${shown}\x1b[27m`;

/**
 * A string from the server, or derived from anything it sent (error sentences, receipt fields, names, paths), made
 * inert for a one-line message: nothing hidden is kept, not even a newline, which could start a forged "hushnote:" line.
 */
export function neutralise(text: string): string {
  const escaped = String(text).replace(HIDDEN, escapeChar);
  return escaped.length > MAX_MESSAGE ? `${escaped.slice(0, MAX_MESSAGE)}…` : escaped;
}

/** UTF-16 `\u` escapes of one character, as JSON spells them (two for a character beyond the BMP). */
const jsonEscape = (ch: string) =>
  [...Array(ch.length).keys()].map((i) => `\\u${ch.charCodeAt(i).toString(16).padStart(4, "0")}`).join("");

/**
 * JSON.stringify with every hidden character escaped: the same value for any parser (only strings can hold such
 * characters, and `\u` escapes mean the same there), inert on a terminal. JSON.stringify alone leaves DEL, C1, bidi
 * and zero-width characters raw.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(HIDDEN, jsonEscape);
}

/** One message line on stderr, neutralised whatever its parts came from. */
export function tell(line: string, stream: NodeJS.WritableStream = process.stderr): void {
  stream.write(`${neutralise(line)}\n`);
}

/** Said after text shown with escapes, so that the reader knows the escapes are not what the sender typed. */
export function escapedNotice(count: number, exact: string): string {
  const what = count === 1 ? "1 control or invisible character" : `${count} control or invisible characters`;
  return `The text holds ${what}, shown escaped as \\xHH or \\uHHHH; ${exact} gives the exact text.`;
}
