/**
 * Whether a notepad save may go ahead once its proof has passed: it may repeat one of the pad's recent saves (a retry
 * whose answer was lost hears that save's version instead of a conflict with itself, even when another writer has
 * saved on top since), lose the compare-and-set on the version, or bring new keys without the verifier they need.
 */
import { digestsEqual } from "./digest";
import type { PadSave } from "./pad-object";
import type { LiveRow } from "./secret-schema";

/** The save this request repeats is one of the pad's recent ones: it made `version`, and nothing is written again. */
export type SavedBefore = { outcome: "saved-before"; version: number };
/** Someone else saved first: `version` is the pad's current one. */
export type Conflict = { outcome: "conflict"; version: number };
/** A save that would replace the header or wrapped key and keep the old verifier, which would brick the pad. */
export type Mismatch = { outcome: "mismatch" };

/** Saves a pad remembers by their ids: enough for a retry to find its first attempt under others' saves since. */
export const RECENT_SAVES = 32;

/** Remembers that the save named `saveId` (if any) made `version`, forgetting saves RECENT_SAVES versions older. */
export function recordSave(sql: SqlStorage, saveId: ArrayBuffer | null, version: number): void {
  if (saveId === null) return;
  sql.exec("INSERT OR REPLACE INTO recent_save (id, version) VALUES (?, ?)", saveId, version);
  sql.exec("DELETE FROM recent_save WHERE version <= ?", version - RECENT_SAVES);
}

/** One of the pad's recent saves had this request's `saveId` (a random 16-byte id, not a secret); null otherwise. */
export function savedBefore(sql: SqlStorage, input: PadSave): SavedBefore | null {
  if (input.saveId === null) return null;
  const found = sql.exec<{ version: number }>("SELECT version FROM recent_save WHERE id = ?", input.saveId).toArray();
  return found[0] ? { outcome: "saved-before", version: found[0].version } : null;
}

/**
 * A password change's retry carries the old proof, which its first attempt made wrong; the new verifier it brings,
 * which only that writer knows and which the pad now holds, stands in for it. Checked before the proof, so such a
 * retry never counts as a wrong password; it answers only the version (public anyway) and writes nothing.
 */
export function changedBefore(sql: SqlStorage, row: LiveRow, input: PadSave): SavedBefore | null {
  if (input.verifier === null || !digestsEqual(input.verifier, row.verifier)) return null;
  return savedBefore(sql, input);
}

/** A create at an address in use: a repeat of the create that took it, or a conflict. */
export function taken(sql: SqlStorage, row: LiveRow, input: PadSave): SavedBefore | Conflict {
  return savedBefore(sql, input) ?? { outcome: "conflict", version: row.version };
}

/** For a save whose proof passed: a repeat, a version conflict, or new keys without a new verifier; null: go ahead. */
export function refusal(sql: SqlStorage, row: LiveRow, input: PadSave): SavedBefore | Conflict | Mismatch | null {
  const repeat = savedBefore(sql, input);
  if (repeat) return repeat;
  if (row.version !== input.expectVersion) return { outcome: "conflict", version: row.version };
  const changed =
    (input.header !== null && input.header !== row.header) ||
    (input.wrappedKey !== null && input.wrappedKey !== row.wrapped_key);
  return changed && !input.verifier ? { outcome: "mismatch" } : null;
}
