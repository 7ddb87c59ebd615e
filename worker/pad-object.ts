/** PadObject: the authority on one notepad — its version, compare-and-set saves, known devices, idle expiry. */
import { randomToken, sha256 } from "./digest";
import { Ledger } from "./lockout";
import { checkPadProof, type Locked, type PadAuth, type PadContext, type PadDenied, type Passed } from "./pad-guard";
import type { Conflict, Mismatch, SavedBefore } from "./pad-save-rules";
import { changedBefore, recordSave, refusal, taken } from "./pad-save-rules";
import { GONE, type Gone, SecretObject } from "./secret-object";

export type { Locked, PadAuth, PadDenied } from "./pad-guard";
export type { Mismatch, SavedBefore } from "./pad-save-rules";

export interface PadSave extends PadAuth {
  /** The version the writer last saw; 0 creates the pad. */
  expectVersion: number;
  /** Null keeps the stored one; anything else must equal it unless `verifier` comes too. */
  header: string | null;
  wrappedKey: string | null;
  /** Required when creating and with a new header or wrapped key (password change, re-key, KDF upgrade). */
  verifier: ArrayBuffer | null;
  /** The client's id of this save (16 bytes; null: none), remembered so that its retries find it done. */
  saveId: ArrayBuffer | null;
  /** The new body's KV key, already written; null for a re-wrap that leaves the body alone. */
  bodyKey: string | null;
  /** The new body's length in bytes, recorded so opens can announce it; null exactly when `bodyKey` is. */
  bodySize: number | null;
  idleSeconds: number;
}
/**
 * `size`: the body's length (null for bodies saved before sizes were recorded). `device`: a fresh device token to hand
 * out (the pad keeps only its SHA-256), or null when the caller has one.
 */
export type PadOpen =
  | {
      outcome: "granted";
      wrappedKey: string;
      bodyKey: string;
      size: number | null;
      version: number;
      device: Uint8Array | null;
    }
  | PadDenied
  | Locked
  | Gone;
/** `header`: the stored header (null when creating), whose format version the new body must be sealed in. */
export type Ready = { outcome: "ready"; header: string | null };
export type PadSaveCheck = Ready | SavedBefore | Conflict | Mismatch | PadDenied | Locked | Gone;
export type PadSaveResult =
  | { outcome: "saved"; version: number; device: Uint8Array | null }
  | SavedBefore
  | Conflict
  | Mismatch
  | PadDenied
  | Locked
  | Gone;

/** Devices one pad remembers; the least recently used is forgotten first. */
const MAX_DEVICES = 20;
const CREATE: Ready = { outcome: "ready", header: null };

export class PadObject extends SecretObject {
  /** Known devices (SHA-256 of their tokens) and their own wrong passwords. */
  private readonly devices = new Ledger(this.sql, "device", MAX_DEVICES);

  /** The public header and current version, or null when the address is free. */
  async status(): Promise<{ header: string; version: number } | null> {
    return this.decide(null, (now) => {
      const row = this.live(now);
      return row && { header: row.header, version: row.version };
    });
  }

  /** Checks the proof and names the current body (reading consumes nothing); a new device gets its token. */
  async open(auth: PadAuth): Promise<PadOpen> {
    const fresh = await freshDevice();
    return this.decide<PadOpen>(GONE, (now) => {
      const row = this.live(now);
      if (!row) return GONE;
      const checked = checkPadProof(this.guard, row, auth, now, true);
      if (checked.outcome !== "passed") return checked;
      const device = this.issue(checked, fresh, now);
      const { wrapped_key: wrappedKey, body_key: bodyKey, body_size: size, version } = row;
      return { outcome: "granted", wrappedKey, bodyKey, size, version, device };
    });
  }

  /** Step one of a save, before any body is written to KV: the proof (counted), a repeat, the version, the keys. */
  async authorizeSave(input: PadSave): Promise<PadSaveCheck> {
    const creating = input.expectVersion === 0;
    return this.decide<PadSaveCheck>(creating ? CREATE : GONE, (now) => {
      const row = this.live(now);
      if (creating) return row ? taken(this.sql, row, input) : CREATE;
      if (!row) return GONE;
      const repeat = changedBefore(this.sql, row, input);
      if (repeat) return repeat;
      const checked = checkPadProof(this.guard, row, input, now, true);
      if (checked.outcome !== "passed") return checked;
      return refusal(this.sql, row, input) ?? { outcome: "ready", header: row.header };
    });
  }

  /** Step two: compare-and-set on the version (re-checking the proof); the replaced body is then deleted. */
  async save(input: PadSave): Promise<PadSaveResult> {
    const creating = input.expectVersion === 0;
    const fresh = await freshDevice();
    return this.decide<PadSaveResult>(
      GONE,
      (now) => {
        const row = this.live(now);
        if (creating) return row ? taken(this.sql, row, input) : this.insert(input, fresh, now);
        if (!row) return GONE;
        const repeat = changedBefore(this.sql, row, input);
        if (repeat) return repeat;
        const checked = checkPadProof(this.guard, row, input, now, false);
        if (checked.outcome !== "passed") return checked;
        const refused = refusal(this.sql, row, input);
        if (refused) return refused;
        if (input.bodyKey) this.condemnBody();
        // Only a new body pushes the idle deadline back: the current body's KV backstop was set when it was written.
        const expiresAt = input.bodyKey ? now + input.idleSeconds * 1000 : row.expires_at;
        this.sql.exec(
          `UPDATE secret SET header = coalesce(?, header), wrapped_key = coalesce(?, wrapped_key), verifier = coalesce(?, verifier),
           body_key = coalesce(?, body_key), body_size = coalesce(?, body_size), version = version + 1, expires_at = ?`,
          input.header,
          input.wrappedKey,
          input.verifier,
          input.bodyKey,
          input.bodySize,
          expiresAt,
        );
        recordSave(this.sql, input.saveId, row.version + 1);
        // A new password revokes every device: a token must never outlive the password it was earned with.
        if (input.verifier) this.devices.forget();
        this.record("saved", now);
        const device = this.issue(input.verifier ? { outcome: "passed", knownDevice: false } : checked, fresh, now);
        return { outcome: "saved", version: row.version + 1, device };
      },
      creating,
    );
  }

  /** Deletes the pad for whoever proves the password; recorded like any other destruction. */
  async remove(auth: PadAuth): Promise<{ outcome: "destroyed" } | PadDenied | Locked | Gone> {
    return this.decide<{ outcome: "destroyed" } | PadDenied | Locked | Gone>(GONE, (now) => {
      const row = this.live(now);
      if (!row) return GONE;
      const checked = checkPadProof(this.guard, row, auth, now, true);
      if (checked.outcome !== "passed") return checked;
      this.destroy(row, "deleted", now);
      return { outcome: "destroyed" };
    });
  }

  private get guard(): PadContext {
    return { sql: this.sql, clients: this.clients, devices: this.devices };
  }

  /** Remembers a fresh device for a caller that came without a known one, and returns its token to hand out. */
  private issue(checked: Passed, fresh: FreshDevice, now: number): Uint8Array | null {
    if (checked.knownDevice) return null;
    this.devices.admit(fresh.hash, now);
    return fresh.token;
  }

  private insert(input: PadSave, fresh: FreshDevice, now: number): PadSaveResult {
    // A destroyed pad awaiting cleanup frees its address at once; its condemned bodies are still deleted.
    this.sql.exec("DELETE FROM secret");
    this.sql.exec("DELETE FROM event");
    this.clients.forget();
    this.devices.forget();
    this.sql.exec("DELETE FROM recent_save");
    this.sql.exec(
      `INSERT INTO secret (singleton, kind, body_key, body_size, header, wrapped_key, verifier, views_left, expires_at,
         lockout_limit, retention_ms, version, created_at) VALUES (1, 'pad', ?, ?, ?, ?, ?, NULL, ?, 0, 0, 1, ?)`,
      input.bodyKey,
      input.bodySize,
      input.header,
      input.wrappedKey,
      input.verifier,
      now + input.idleSeconds * 1000,
      now,
    );
    recordSave(this.sql, input.saveId, 1);
    this.record("created", now);
    return { outcome: "saved", version: 1, device: this.issue({ outcome: "passed", knownDevice: false }, fresh, now) };
  }
}

interface FreshDevice {
  token: Uint8Array;
  hash: ArrayBuffer;
}

/** A device token drawn before the transaction (hashing is asynchronous); used only if the pad hands one out. */
async function freshDevice(): Promise<FreshDevice> {
  const token = randomToken();
  return { token, hash: await sha256(token) };
}
