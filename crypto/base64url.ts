/** base64url without padding (RFC 4648 §5): the only encoding hushnote uses for bytes in JSON and links. */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const ENCODE = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
/** Sextet of each byte value, -1 outside the alphabet (256 entries: UTF-8 bytes of non-ASCII text land on -1 too). */
const DECODE = new Int16Array(256).fill(-1);
for (let i = 0; i < 64; i++) DECODE[ENCODE[i]!] = i;
/**
 * Two output characters per 12 input bits, as they lie in memory: built through the same 16-bit view the encoder
 * writes with, so the table is right on either byte order.
 */
const PAIRS = new Uint16Array(4096);
{
  const two = new Uint8Array(2);
  const view = new Uint16Array(two.buffer);
  for (let i = 0; i < 4096; i++) {
    two[0] = ENCODE[i >>> 6]!;
    two[1] = ENCODE[i & 63]!;
    PAIRS[i] = view[0]!;
  }
}
/** The output is ASCII, so the platform's native UTF-8 codecs convert between it and strings fastest. */
const ASCII_OUT = new TextDecoder();
const ASCII_IN = new TextEncoder();

/** Encodes bytes as base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  // Table-driven, 12 bytes per step through a DataView: btoa over a binary string costs ~70 ms per MiB, which a
  // Worker's CPU budget cannot afford, and whole words are ~1.6x faster than one byte at a time.
  const length = Math.ceil((bytes.length * 4) / 3);
  const out = new Uint8Array((length + 1) & ~1);
  const pairs = new Uint16Array(out.buffer);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 0;
  let i = 0;
  for (; i + 12 <= bytes.length; i += 12) {
    const x = view.getUint32(i);
    const y = view.getUint32(i + 4);
    const z = view.getUint32(i + 8);
    pairs[o++] = PAIRS[x >>> 20]!;
    pairs[o++] = PAIRS[(x >>> 8) & 4095]!;
    pairs[o++] = PAIRS[((x & 255) << 4) | (y >>> 28)]!;
    pairs[o++] = PAIRS[(y >>> 16) & 4095]!;
    pairs[o++] = PAIRS[(y >>> 4) & 4095]!;
    pairs[o++] = PAIRS[((y & 15) << 8) | (z >>> 24)]!;
    pairs[o++] = PAIRS[(z >>> 12) & 4095]!;
    pairs[o++] = PAIRS[z & 4095]!;
  }
  for (; i + 3 <= bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    pairs[o++] = PAIRS[n >>> 12]!;
    pairs[o++] = PAIRS[n & 4095]!;
  }
  let p = o * 2;
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0);
    out[p++] = ENCODE[n >>> 18]!;
    out[p++] = ENCODE[(n >>> 12) & 63]!;
    if (rest === 2) out[p++] = ENCODE[(n >>> 6) & 63]!;
  }
  return ASCII_OUT.decode(out.subarray(0, length));
}

/** Decodes unpadded base64url; returns null for anything else (padding, other alphabets, impossible lengths). */
export function fromBase64Url(text: string): Uint8Array | null {
  const tail = text.length % 4;
  if (tail === 1) return null;
  // The native encoder turns the string into bytes faster than charCodeAt; any non-ASCII character makes it longer.
  const chars = ASCII_IN.encode(text);
  if (chars.length !== text.length) return null;
  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  let i = 0;
  // A -1 anywhere makes the group negative; OR-ing them all defers the check to one branch after the loop.
  let bad = 0;
  for (; i + 4 <= chars.length; i += 4) {
    const n =
      (DECODE[chars[i]!]! << 18) |
      (DECODE[chars[i + 1]!]! << 12) |
      (DECODE[chars[i + 2]!]! << 6) |
      DECODE[chars[i + 3]!]!;
    bad |= n;
    bytes[o++] = n >>> 16;
    bytes[o++] = (n >>> 8) & 255;
    bytes[o++] = n & 255;
  }
  if (bad < 0) return null;
  if (tail === 0) return bytes;
  const a = DECODE[chars[i]!]!;
  const b = DECODE[chars[i + 1]!]!;
  const c = tail === 3 ? DECODE[chars[i + 2]!]! : 0;
  // Unused low bits must be zero, so that every byte string has exactly one spelling.
  if (a < 0 || b < 0 || c < 0 || (tail === 2 ? b & 15 : c & 3) !== 0) return null;
  bytes[o++] = (a << 2) | (b >>> 4);
  if (tail === 3) bytes[o++] = ((b & 15) << 4) | (c >>> 2);
  return bytes;
}

/** Length in characters of the unpadded base64url form of `n` bytes. */
export function base64UrlLength(n: number): number {
  return Math.ceil((n * 4) / 3);
}
