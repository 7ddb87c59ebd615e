// Which operation each slot of the schedule runs: a fixed share of pad calls, a weighted draw for the rest, and a
// fallback when the draw finds nothing to act on (no note to open yet, every pad busy).

/** Shares of the note operations, in percent: creates roughly balance what opens, revokes and expiry take away. */
export const NOTE_WEIGHTS = {
  "create-1": 14,
  "create-n": 10,
  status: 18,
  "open-1": 14,
  "open-n": 20,
  receipt: 12,
  delete: 7,
  "open-gone": 5,
};

/** What to run instead when an operation has nothing to act on; creates always can. */
const FALLBACK = {
  "open-1": "create-1",
  "open-n": "create-n",
  status: "create-n",
  receipt: "create-1",
  delete: "create-1",
  "open-gone": "status",
  "pad-open": "pad-save",
  "pad-save": "status",
};

/**
 * Returns `slot(index)` → {op, run}: every `rate / padRate`-th slot is a notepad call (alternately a save and an
 * open), the others drawn from NOTE_WEIGHTS with `random`. `ops` maps names to prepare functions (notes.mjs,
 * pads.mjs). Decided when the slot starts, not in advance, so it sees the notes that exist by then.
 */
export function createMix({ rate, padRate, random, ops }) {
  const padEvery = Math.max(1, Math.round(rate / padRate));
  const names = Object.keys(NOTE_WEIGHTS);
  const total = names.reduce((sum, n) => sum + NOTE_WEIGHTS[n], 0);
  const draw = () => {
    let x = random() * total;
    for (const name of names) {
      x -= NOTE_WEIGHTS[name];
      if (x < 0) return name;
    }
    return names.at(-1);
  };
  return (index) => {
    let op = index % padEvery === padEvery - 1 ? (Math.floor(index / padEvery) % 2 ? "pad-open" : "pad-save") : draw();
    for (;;) {
      const run = ops[op]();
      if (run) return { op, run };
      op = FALLBACK[op];
    }
  };
}
