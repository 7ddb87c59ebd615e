/** Generated passphrases and a rough strength hint, for a note's optional password and a notepad's password. */
import { sentences, t } from "./i18n";

const CONSONANTS = "bdfghjklmnprstvz";
const VOWELS = "aeiou";

/** A uniformly random index below `n`, by rejection sampling so no choice is more likely than another. */
function randomIndex(n: number): number {
  const limit = Math.floor(0x100000000 / n) * n;
  const buffer = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(buffer);
    if (buffer[0]! < limit) return buffer[0]! % n;
  }
}

/** Bits of a generated passphrase of `words` words: log2((16·5)^3) per word. */
export const generatedBits = (words = 5) => Math.floor(words * 3 * Math.log2(CONSONANTS.length * VOWELS.length));

/**
 * Five pronounceable words of three consonant-vowel syllables, e.g. "tabemo-rusiva-...":
 * (16·5)^3 ≈ 2^19 per word, about 95 bits in all, typeable on any keyboard.
 */
export function generatePassphrase(words = 5): string {
  const out: string[] = [];
  for (let w = 0; w < words; w++) {
    let word = "";
    for (let s = 0; s < 3; s++)
      word += CONSONANTS[randomIndex(CONSONANTS.length)]! + VOWELS[randomIndex(VOWELS.length)]!;
    out.push(word);
  }
  return out.join("-");
}

const COMMON = /^(password|passw0rd|123456|qwerty|letmein|welcome|admin|iloveyou|secret|hushnote)/i;

/** Estimated bits of a password from its length and character classes; deliberately pessimistic for patterns. */
export function estimateBits(password: string): number {
  if (!password) return 0;
  let pool = 0;
  if (/[a-z]/.test(password)) pool += 26;
  if (/[A-Z]/.test(password)) pool += 26;
  if (/[0-9]/.test(password)) pool += 10;
  if (/[^a-zA-Z0-9]/.test(password)) pool += 33;
  const unique = new Set(password).size;
  let bits = Math.min(password.length, unique * 2) * Math.log2(Math.max(pool, 2));
  if (COMMON.test(password)) bits = Math.min(bits, 10);
  return Math.round(bits);
}

/** Where the password is used: a note's goes to the recipient separately; a notepad's is only ever its owner's. */
export type PasswordUse = "note" | "pad";

const ADVICE = {
  note: { none: "pad.pw.note.none", keep: "pad.pw.note.keep" },
  pad: { none: "pad.pw.pad.none", keep: "pad.pw.pad.keep" },
} as const;

/** A hint for people, not a guarantee: the level and the sentence shown under the password field. */
export function strengthHint(
  password: string,
  generated = false,
  use: PasswordUse = "note",
): { level: "none" | "weak" | "fair" | "strong"; text: string } {
  if (!password) return { level: "none", text: t(ADVICE[use].none) };
  if (generated) {
    const text = sentences(t("pad.pw.generated", { bits: generatedBits() }), t(ADVICE[use].keep));
    return { level: "strong", text };
  }
  const bits = estimateBits(password);
  if (bits < 45) return { level: "weak", text: t("pad.pw.weak", { bits }) };
  if (bits < 70) return { level: "fair", text: t("pad.pw.fair", { bits }) };
  return { level: "strong", text: t("pad.pw.strong", { bits }) };
}
