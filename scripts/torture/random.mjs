// The run's randomness from one seed (what is created, opened, saved, and when the runtime is killed), so that the
// choices of a failing run can be made again; and the content fingerprints the audit compares.
import { createHash } from "node:crypto";

/** A seeded PRNG (mulberry32): `next()` in [0, 1), plus the few draws the workload needs. */
export function prng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** An integer in [min, max]. */
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
  };
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\n";

/** `bytes` characters of text drawn from `random`, starting with `label` so that no two contents are alike. */
export function text(random, label, bytes) {
  const chars = [label, "\n"];
  for (let i = label.length + 1; i < bytes; i++) chars.push(ALPHABET[Math.floor(random.next() * ALPHABET.length)]);
  return chars.join("");
}

/** A note's size: mostly a few KiB, sometimes a few hundred KiB, now and then 1 MiB. */
export function noteSize(random) {
  const roll = random.next();
  if (roll < 0.8) return random.int(1024, 16 * 1024);
  if (roll < 0.97) return random.int(64 * 1024, 512 * 1024);
  return 1024 * 1024;
}

/** The content fingerprint kept instead of the content (SHA-256, hex, short). */
export const fingerprint = (value) => createHash("sha256").update(value).digest("hex").slice(0, 16);
