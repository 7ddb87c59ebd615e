/** base64url without padding (RFC 4648 §5): the only encoding hushnote uses for bytes in JSON and links. */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const ENCODE = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) DECODE[ENCODE[i]!] = i;
/** The output is ASCII, so the platform's native UTF-8 decoder turns it into a string fastest. */
const ASCII = new TextDecoder();

/** Encodes bytes as base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  // A table-driven loop: btoa over a binary string costs ~70 ms per MiB, which a Worker's CPU budget cannot afford.
  const out = new Uint8Array(Math.ceil((bytes.length * 4) / 3));
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = ENCODE[n >>> 18]!;
    out[o++] = ENCODE[(n >>> 12) & 63]!;
    out[o++] = ENCODE[(n >>> 6) & 63]!;
    out[o++] = ENCODE[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0);
    out[o++] = ENCODE[n >>> 18]!;
    out[o++] = ENCODE[(n >>> 12) & 63]!;
    if (rest === 2) out[o++] = ENCODE[(n >>> 6) & 63]!;
  }
  return ASCII.decode(out);
}

/** Decodes unpadded base64url; returns null for anything else (padding, other alphabets, impossible lengths). */
export function fromBase64Url(text: string): Uint8Array | null {
  const tail = text.length % 4;
  if (tail === 1) return null;
  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  let i = 0;
  for (; i + 3 < text.length; i += 4) {
    const n = (sextet(text, i) << 18) | (sextet(text, i + 1) << 12) | (sextet(text, i + 2) << 6) | sextet(text, i + 3);
    if (n < 0) return null;
    bytes[o++] = n >>> 16;
    bytes[o++] = (n >>> 8) & 255;
    bytes[o++] = n & 255;
  }
  if (tail === 0) return bytes;
  const a = sextet(text, i);
  const b = sextet(text, i + 1);
  const c = tail === 3 ? sextet(text, i + 2) : 0;
  // Unused low bits must be zero, so that every byte string has exactly one spelling.
  if (a < 0 || b < 0 || c < 0 || (tail === 2 ? b & 15 : c & 3) !== 0) return null;
  bytes[o++] = (a << 2) | (b >>> 4);
  if (tail === 3) bytes[o++] = ((b & 15) << 4) | (c >>> 2);
  return bytes;
}

/** The 6-bit value of the character at `i`, or a large negative number for anything outside the alphabet. */
function sextet(text: string, i: number): number {
  const code = text.charCodeAt(i);
  return code < 128 ? DECODE[code]! : -1 << 24;
}

/** Length in characters of the unpadded base64url form of `n` bytes. */
export function base64UrlLength(n: number): number {
  return Math.ceil((n * 4) / 3);
}
