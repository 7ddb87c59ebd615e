/** How many PBKDF2 iterations a writer uses: the instance's default, but never below the format's writer floor. */
import { type FormatVersion, MIN_ITERATIONS_V2, WRITE_VERSION } from "../../../crypto/index";
import type { Config } from "../../../protocol/index";

/** An instance may default to fewer than 600,000 (v1's floor is 310,000); format v2 writes at least 600,000. */
export function writerIterations(config: Config, version: FormatVersion = WRITE_VERSION, current = 0): number {
  return Math.max(config.defaultKdfIterations, current, version === 1 ? 0 : MIN_ITERATIONS_V2);
}
