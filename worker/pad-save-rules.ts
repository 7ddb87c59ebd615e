/**
 * Whether a notepad save may go ahead once its proof has passed: it may repeat the pad's last save (a retry whose
 * answer was lost hears that save's version instead of a conflict with itself), lose the compare-and-set on the
 * version, or bring new keys without the verifier they need.
 */
import { digestsEqual } from "./digest";
import type { PadSave } from "./pad-object";
import type { LiveRow } from "./secret-schema";

/** The save this request repeats is the pad's last one: it made `version`, and nothing is written again. */
export type SavedBefore = { outcome: "saved-before"; version: number };
/** Someone else saved first: `version` is the pad's current one. */
export type Conflict = { outcome: "conflict"; version: number };
/** A save that would replace the header or wrapped key and keep the old verifier, which would brick the pad. */
export type Mismatch = { outcome: "mismatch" };

/** The pad's last save had this request's `saveId`; null otherwise (and always for a save without one). */
export function savedBefore(row: LiveRow, input: PadSave): SavedBefore | null {
  if (input.saveId === null || row.last_save === null || row.last_save_version === null) return null;
  return digestsEqual(input.saveId, row.last_save) ? { outcome: "saved-before", version: row.last_save_version } : null;
}

/**
 * A password change's retry carries the old proof, which its first attempt made wrong; the new verifier it brings,
 * which only that writer knows and which the pad now holds, stands in for it. Checked before the proof, so such a
 * retry never counts as a wrong password; it answers only the version (public anyway) and writes nothing.
 */
export function changedBefore(row: LiveRow, input: PadSave): SavedBefore | null {
  if (input.verifier === null || !digestsEqual(input.verifier, row.verifier)) return null;
  return savedBefore(row, input);
}

/** A create at an address in use: a repeat of the create that took it, or a conflict. */
export function taken(row: LiveRow, input: PadSave): SavedBefore | Conflict {
  return savedBefore(row, input) ?? { outcome: "conflict", version: row.version };
}

/** For a save whose proof passed: a repeat, a version conflict, or new keys without a new verifier; null: go ahead. */
export function refusal(row: LiveRow, input: PadSave): SavedBefore | Conflict | Mismatch | null {
  const repeat = savedBefore(row, input);
  if (repeat) return repeat;
  if (row.version !== input.expectVersion) return { outcome: "conflict", version: row.version };
  const changed =
    (input.header !== null && input.header !== row.header) ||
    (input.wrappedKey !== null && input.wrappedKey !== row.wrapped_key);
  return changed && !input.verifier ? { outcome: "mismatch" } : null;
}
