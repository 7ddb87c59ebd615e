// What counts as a wrong answer in the soak: anything the server delivered that is not what was sent or promised.

/** A delivered answer that is not what the soak sent or the server promised; `what` names the check for the tables. */
export class Mismatch extends Error {
  constructor(what, detail) {
    super(`${what}: ${detail}`);
    this.name = "Mismatch";
    this.what = what;
  }
}

/** Throws a Mismatch named `what` unless `actual` is `expected` (compared with Object.is). */
export function expectSame(what, actual, expected) {
  if (!Object.is(actual, expected))
    throw new Mismatch(
      what,
      `expected ${JSON.stringify(expected)?.slice(0, 80)}, got ${JSON.stringify(actual)?.slice(0, 80)}`,
    );
}
