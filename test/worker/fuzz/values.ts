/** The raw values fuzzed requests are built from: ids, slugs, part numbers and header values, valid to garbage. */
import fc from "fast-check";
import { toBase64Url } from "../../../crypto/base64url";
import { RESERVED_SLUGS } from "../../../protocol/slug";

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const base64urlText = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...BASE64URL), minLength: min, maxLength: max });

/** Bytes as base64url without padding, the way every token and key travels. */
export const bytesB64 = (length: number) => fc.uint8Array({ minLength: length, maxLength: length }).map(toBase64Url);

/** Text with the characters that break parsers: controls, quotes, separators, non-ASCII, lone surrogates. */
export const nastyText = (maxLength = 40) =>
  fc.string({
    unit: fc.oneof(
      fc.constantFrom("%", "/", "\\", ".", "..", "?", "#", ";", "=", "+", " ", '"', "'", "<", ">", "\u0000", "\n"),
      fc.constantFrom("é", "日", "\u202e", "\ud800", "\udfff", "\ufeff", "😀"),
      fc.string({ minLength: 1, maxLength: 1 }),
    ),
    maxLength,
  });

/** A note id: valid (22 base64url characters naming nobody's note), near-valid, or garbage. */
export const noteIdText = fc.oneof(
  { weight: 3, arbitrary: bytesB64(16) },
  base64urlText(21, 21),
  base64urlText(23, 24),
  base64urlText(0, 2),
  bytesB64(16).map((id) => `${id.slice(0, 21)}=`),
  bytesB64(16).map((id) => `${id.slice(0, 20)}+/`),
  bytesB64(16).map((id) => `${id.slice(0, 21)}é`),
  bytesB64(16).map((id) => `%${id.slice(1)}`),
  base64urlText(200, 400),
  nastyText(),
);

const slugAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
const slugWord = fc.string({ unit: fc.constantFrom(...slugAlphabet), minLength: 1, maxLength: 12 });

/** A notepad address: usable (a fresh one), near-valid (case, dashes, length, reserved, accents) or garbage. */
export const slugText = fc.oneof(
  { weight: 3, arbitrary: fc.array(slugWord, { minLength: 1, maxLength: 4 }).map((w) => `fz-${w.join("-")}`) },
  fc.constantFrom(...RESERVED_SLUGS),
  slugWord.map((w) => w.toUpperCase()),
  slugWord.map((w) => `-${w}`),
  slugWord.map((w) => `${w}--${w}`),
  slugWord.map((w) => `${w}_${w}`),
  fc.constant("a".repeat(65)),
  fc.constant("a".repeat(64)),
  slugWord.map((w) => `caf%C3%A9-${w}`),
  slugWord.map((w) => `%E0${w}`),
  fc.constant(""),
  nastyText(),
);

/** A part number in a path: in range, out of range, or no number at all. */
export const partText = fc.oneof(
  fc.constantFrom("0", "1", "2", "85", "86"),
  fc.constantFrom("00", "01", "-1", "+1", "1.0", "1e3", "0x1", " 1", "999999", "1000000", "9".repeat(400), "NaN", ""),
  fc.nat().map(String),
  nastyText(8),
);

/** A header value as clients can send one: printable ASCII mostly, sometimes Latin-1 or non-ASCII text. */
export const headerValue = (maxLength = 80) =>
  fc
    .oneof(
      {
        weight: 4,
        arbitrary: fc.string({
          unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
          maxLength,
        }),
      },
      fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength }),
      fc.string({ unit: "grapheme", maxLength: 20 }),
    )
    // Controls (CR, LF, NUL …) cannot be in a header value at all: the runtime refuses to build such a request.
    .map((value) =>
      [...value]
        .filter((c) => c.charCodeAt(0) > 0x1f && c !== "\u007f")
        .join("")
        .trim(),
    );

/** A client address: IPv4, IPv6 (full, compressed, mapped), or not an address at all. */
export const clientAddress = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.ipV4().map((v4) => `::ffff:${v4}`),
  fc.constantFrom("", "unknown", "::", "1.2.3", "999.999.999.999", ":::::", "a".repeat(300)),
  headerValue(40),
);
