// The soak's randomness: seeded choices (a seed replays the same mix) and note texts that exercise UTF-8.

/** mulberry32: a small seeded generator for the workload's choices, so a seed replays the same mix. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MARKS = ["é", "ß", "✓", "🔑", "日本", "\n", "\t", "  "];

/** A small note text (about 20 to 1,500 characters) with non-ASCII and whitespace, unique by `serial`. */
export function noteText(random, serial) {
  const parts = [`soak ${serial}`];
  const words = 2 + Math.floor(random() * 150);
  for (let i = 0; i < words; i++)
    parts.push(
      random() < 0.2 ? MARKS[Math.floor(random() * MARKS.length)] : Math.floor(random() * 2 ** 40).toString(36),
    );
  return parts.join(" ");
}
