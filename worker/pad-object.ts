/** PadObject: the authority on one notepad — its current version, compare-and-set saves, backoff, idle expiry. */
import { digestsEqual } from "./digest";
import { GONE, type Gone, SecretObject } from "./secret-object";
import type { LiveRow } from "./secret-schema";

export interface PadSave {
  /** The version the writer last saw; 0 creates the pad. */
  expectVersion: number;
  header: string;
  wrappedKey: string;
  /** Required when creating and when changing the password; otherwise the stored verifier stays. */
  verifier: ArrayBuffer | null;
  /** Required unless creating. */
  proofHash: ArrayBuffer | null;
  /** The new body's KV key; null for a re-wrap (password change) that leaves the body alone. */
  bodyKey: string | null;
  idleSeconds: number;
}
export type PadDenied = { outcome: "denied"; retryAfter: number | null };
export type Locked = { outcome: "locked"; retryAfter: number };
export type PadOpen = { outcome: "granted"; wrappedKey: string; bodyKey: string; version: number } | PadDenied | Locked | Gone;
export type PadSaveResult = { outcome: "saved"; version: number } | { outcome: "conflict"; version: number } | PadDenied | Locked | Gone;

/** Wrong passwords are free this many times; then each one doubles the wait, up to an hour. */
const FREE_FAILURES = 5;
const MAX_WAIT_SECONDS = 3600;

export class PadObject extends SecretObject {
  /** The public header and current version, or null when the address is free. */
  async status(): Promise<{ header: string; version: number } | null> {
    return this.decide(null, (now) => {
      const row = this.live(now);
      return row && { header: row.header, version: row.version };
    });
  }

  /** Checks the proof and names the current body; reading a pad consumes nothing. */
  async open(proofHash: ArrayBuffer): Promise<PadOpen> {
    return this.decide<PadOpen>(GONE, (now) => {
      const row = this.live(now);
      if (!row) return GONE;
      const refused = this.checkProof(row, proofHash, now);
      return refused ?? { outcome: "granted", wrappedKey: row.wrapped_key, bodyKey: row.body_key, version: row.version };
    });
  }

  /** Compare-and-set on the version: create, save a new body, or re-wrap; the replaced body is then deleted. */
  async save(input: PadSave): Promise<PadSaveResult> {
    const creating = input.expectVersion === 0;
    return this.decide<PadSaveResult>(GONE, (now) => {
      const row = this.live(now);
      if (creating) return row ? { outcome: "conflict", version: row.version } : this.insert(input, now);
      if (!row) return GONE;
      const refused = this.checkProof(row, input.proofHash, now);
      if (refused) return refused;
      if (row.version !== input.expectVersion) return { outcome: "conflict", version: row.version };
      if (input.bodyKey) this.condemnBody();
      // Only a new body pushes the idle deadline back: the current body's KV backstop was set when it was written.
      const expiresAt = input.bodyKey ? now + input.idleSeconds * 1000 : row.expires_at;
      this.sql.exec(
        `UPDATE secret SET header = ?, wrapped_key = ?, verifier = coalesce(?, verifier), body_key = coalesce(?, body_key),
           version = version + 1, expires_at = ?`,
        input.header, input.wrappedKey, input.verifier, input.bodyKey, expiresAt);
      this.record("saved", now);
      return { outcome: "saved", version: row.version + 1 };
    }, creating);
  }

  /** Deletes the pad for whoever proves the password; recorded like any other destruction. */
  async remove(proofHash: ArrayBuffer): Promise<{ outcome: "destroyed" } | PadDenied | Locked | Gone> {
    return this.decide<{ outcome: "destroyed" } | PadDenied | Locked | Gone>(GONE, (now) => {
      const row = this.live(now);
      if (!row) return GONE;
      const refused = this.checkProof(row, proofHash, now);
      if (refused) return refused;
      this.destroy(row, "deleted", now);
      return { outcome: "destroyed" };
    });
  }

  private insert(input: PadSave, now: number): PadSaveResult {
    // A destroyed pad awaiting cleanup frees its address at once; its condemned bodies are still deleted.
    this.sql.exec("DELETE FROM secret");
    this.sql.exec("DELETE FROM event");
    this.sql.exec(
      `INSERT INTO secret (singleton, kind, body_key, header, wrapped_key, verifier, views_left, expires_at,
         lockout_limit, retention_ms, version, created_at) VALUES (1, 'pad', ?, ?, ?, ?, NULL, ?, 0, 0, 1, ?)`,
      input.bodyKey, input.header, input.wrappedKey, input.verifier, now + input.idleSeconds * 1000, now);
    this.record("created", now);
    return { outcome: "saved", version: 1 };
  }

  /** Null when the proof is right (which also resets the backoff); otherwise why not. No proof is a wrong proof. */
  private checkProof(row: LiveRow, proofHash: ArrayBuffer | null, now: number): PadDenied | Locked | null {
    // While waiting, even a right proof is refused unchecked, or the wait would not slow guessing down.
    if (now < row.locked_until) return { outcome: "locked", retryAfter: Math.ceil((row.locked_until - now) / 1000) };
    if (proofHash && digestsEqual(proofHash, row.verifier)) {
      if (row.failed_proofs > 0) this.sql.exec("UPDATE secret SET failed_proofs = 0, locked_until = 0");
      return null;
    }
    const failed = row.failed_proofs + 1;
    const wait = failed <= FREE_FAILURES ? 0 : Math.min(MAX_WAIT_SECONDS, 2 ** (failed - FREE_FAILURES - 1));
    this.sql.exec("UPDATE secret SET failed_proofs = ?, locked_until = ?", failed, now + wait * 1000);
    return { outcome: "denied", retryAfter: wait || null };
  }
}
