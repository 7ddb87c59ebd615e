/** A file name from an (untrusted) manifest, reduced to one harmless path component on Linux, macOS and Windows. */
import { extname } from "node:path";

// Controls, format characters (bidi, zero-width, tags) and line/paragraph separators: invisible or spoofing in a name.
const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
// Path separators everywhere, and what Windows refuses or reads specially (":" would write an alternate data stream).
const SEPARATORS = /[\\/<>:"|?*]/g;
// Device names Windows opens instead of a file, with any extension and trailing spaces ("con.txt", "LPT1 .log", "COM¹").
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]) *(\..*)?$/i;
// Bytes, not characters: file systems count bytes (255 on most); this leaves room for " (999)".
const MAX_BYTES = 200;
const MAX_EXTENSION_BYTES = 32;

const byteLength = (s: string) => Buffer.byteLength(s, "utf8");

/** The longest prefix of `s` within `max` UTF-8 bytes, never splitting a character. */
function cutBytes(s: string, max: number): string {
  let out = "";
  let size = 0;
  for (const ch of s) {
    size += byteLength(ch);
    if (size > max) break;
    out += ch;
  }
  return out;
}

/** Shortens a name to MAX_BYTES, keeping a short extension so that the file still opens with the right program. */
function shorten(name: string): string {
  if (byteLength(name) <= MAX_BYTES) return name;
  const ext = extname(name);
  const kept = ext && byteLength(ext) <= MAX_EXTENSION_BYTES ? ext : "";
  return cutBytes(name.slice(0, name.length - kept.length), MAX_BYTES - byteLength(kept)) + kept;
}

/**
 * One path component that names a plain new file in the target directory: hidden characters dropped, separators
 * replaced, no leading dot (no hidden files, no ".."), no trailing dots or spaces (Windows drops them, so "a.exe." is
 * "a.exe"), no Windows device name, at most 200 bytes; "file" if nothing is left.
 */
export function safeName(name: string): string {
  let cleaned = String(name)
    .replace(HIDDEN, "")
    .replace(SEPARATORS, "_")
    .replace(/^[. ]+/, "");
  cleaned = shorten(cleaned).replace(/[. ]+$/, "");
  if (RESERVED.test(cleaned)) cleaned = `_${cleaned}`;
  return cleaned || "file";
}
