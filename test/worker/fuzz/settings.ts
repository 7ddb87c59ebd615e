/**
 * How much the fuzz specs run and from which seed: a fixed seed and ~1000 cases in `npm test`, so CI is repeatable;
 * `FUZZ_RUNS` (total cases) and `FUZZ_SEED` (vitest.config.ts passes both in as bindings) for `npm run fuzz`.
 */
import { env } from "cloudflare:test";
import type { Parameters } from "fast-check";

const vars = env as unknown as Record<string, string | undefined>;

/** Cases across all fuzz properties when FUZZ_RUNS is not set. */
const DEFAULT_TOTAL = 1000;
/** The seed `npm test` always runs (the number, repeated). */
const DEFAULT_SEED = 131313;

const parsed = (text: string | undefined) => (text && /^-?\d+$/.test(text) ? Number(text) : null);

export const TOTAL_RUNS = Math.max(1, parsed(vars.FUZZ_RUNS) ?? DEFAULT_TOTAL);
export const SEED = parsed(vars.FUZZ_SEED) ?? DEFAULT_SEED;

/** A property's share of the cases. */
export const runsFor = (share: number) => Math.max(1, Math.round(TOTAL_RUNS * share));

/** A generous test timeout for a property of `share` (a loaded 2-CPU machine runs ~20 cases a second). */
export const timeoutFor = (share: number) => 60_000 + runsFor(share) * 150;

/**
 * fast-check's parameters for one property, printed first so that any failure names what reproduces it (fast-check
 * adds the counterexample's path to its own report).
 */
export function fuzzParameters<T>(name: string, share: number): Parameters<T> {
  const numRuns = runsFor(share);
  console.info(`fuzz ${name}: seed ${SEED}, ${numRuns} cases (reproduce: FUZZ_SEED=${SEED} FUZZ_RUNS=${TOTAL_RUNS})`);
  return { seed: SEED, numRuns };
}
