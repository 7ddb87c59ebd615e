/** NoteObject: the single authority on one note's policy — proofs, views, expiry, burn-after-read, lockout. */
import { digestsEqual } from "./digest";
import { GONE, type Gone, SecretObject } from "./secret-object";
import { type DestroyReason, type LiveRow, type SecretRow, loadRow } from "./secret-schema";

export interface CreateNote {
  bodyKey: string;
  header: string;
  wrappedKey: string;
  verifier: ArrayBuffer;
  manageHash: ArrayBuffer;
  views: number | null;
  ttlSeconds: number;
  lockoutLimit: number;
  retentionSeconds: number;
}
export interface NoteStatus { header: string; expiresAt: number; viewsLeft: number | null }
export interface ReceiptEvent { type: "created" | "opened" | "destroyed"; at: number; reason?: DestroyReason }
export interface Receipt {
  state: "live" | "destroyed";
  createdAt: number;
  expiresAt: number;
  viewsLeft: number | null;
  reason: DestroyReason | null;
  events: ReceiptEvent[];
}
export type Denied = { outcome: "denied"; triesLeft: number | null };
export type OpenResult = { outcome: "granted"; wrappedKey: string; viewsLeft: number | null } | Denied | Gone;
export type Auth = { manageHash: ArrayBuffer } | { proofHash: ArrayBuffer };
type Created = { created: true; expiresAt: number } | { created: false };

const TOKEN_DENIED: Denied = { outcome: "denied", triesLeft: null };
const NOT_CREATED: Created = { created: false };

export class NoteObject extends SecretObject {
  /** Creates the note unless the id is in use; the creator's id choice never overwrites anything. */
  async create(input: CreateNote): Promise<Created> {
    return this.decide<Created>(NOT_CREATED, (now) => {
      if (loadRow(this.sql)) return NOT_CREATED;
      const expiresAt = now + input.ttlSeconds * 1000;
      this.sql.exec(
        `INSERT INTO secret (singleton, kind, body_key, header, wrapped_key, verifier, manage_hash, views_left,
           expires_at, lockout_limit, retention_ms, created_at) VALUES (1, 'note', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        input.bodyKey, input.header, input.wrappedKey, input.verifier, input.manageHash, input.views,
        expiresAt, input.lockoutLimit, input.retentionSeconds * 1000, now,
      );
      this.record("created", now);
      return { created: true, expiresAt };
    }, true);
  }

  /** Forgets a note whose body could not be stored, as if it had never been created. */
  async abandon(): Promise<void> {
    await this.purge();
  }

  /** Public status; consumes nothing. */
  async status(): Promise<NoteStatus | null> {
    return this.decide(null, (now) => {
      const row = this.live(now);
      return row && { header: row.header, expiresAt: row.expires_at, viewsLeft: row.views_left };
    });
  }

  /** Checks a proof and consumes one view in one transaction; the last view burns the note. */
  async open(proofHash: ArrayBuffer): Promise<OpenResult> {
    return this.decide<OpenResult>(GONE, (now) => {
      const row = this.live(now);
      if (!row) return GONE;
      if (!digestsEqual(proofHash, row.verifier)) return this.failProof(row, now);
      const viewsLeft = row.views_left === null ? null : row.views_left - 1;
      this.sql.exec("UPDATE secret SET views_left = ?", viewsLeft);
      this.record("opened", now);
      if (viewsLeft === 0) this.destroy(row, "burned", now);
      return { outcome: "granted", wrappedKey: row.wrapped_key, viewsLeft };
    });
  }

  /** Destroys the note now: the creator with the manage token ("deleted"), a reader with the proof ("burned"). */
  async revoke(auth: Auth): Promise<{ outcome: "destroyed" } | Denied | Gone> {
    return this.decide<{ outcome: "destroyed" } | Denied | Gone>(GONE, (now) => {
      const row = this.live(now);
      if (!row) return GONE;
      if ("manageHash" in auth) {
        if (!row.manage_hash || !digestsEqual(auth.manageHash, row.manage_hash)) return TOKEN_DENIED;
        this.destroy(row, "deleted", now);
      } else {
        if (!digestsEqual(auth.proofHash, row.verifier)) return this.failProof(row, now);
        this.destroy(row, "burned", now);
      }
      return { outcome: "destroyed" };
    });
  }

  /** The content-free receipt for the holder of the manage token; it outlives the note until retention ends. */
  async receipt(manageHash: ArrayBuffer): Promise<{ outcome: "ok"; receipt: Receipt } | Denied | Gone> {
    return this.decide<{ outcome: "ok"; receipt: Receipt } | Denied | Gone>(GONE, (now) => {
      this.live(now);
      const row = loadRow(this.sql);
      if (!row) return GONE;
      if (!row.manage_hash || !digestsEqual(manageHash, row.manage_hash)) return TOKEN_DENIED;
      return { outcome: "ok", receipt: this.toReceipt(row) };
    });
  }

  /** A wrong proof counts towards the lockout; reaching it destroys the note, a tamper-evident seal. */
  private failProof(row: LiveRow, now: number): Denied {
    const failed = row.failed_proofs + 1;
    this.sql.exec("UPDATE secret SET failed_proofs = ?", failed);
    const triesLeft = Math.max(0, row.lockout_limit - failed);
    if (triesLeft === 0) this.destroy(row, "lockout", now);
    return { outcome: "denied", triesLeft };
  }

  private toReceipt(row: SecretRow): Receipt {
    const events = this.sql.exec<{ type: ReceiptEvent["type"]; at: number; reason: DestroyReason | null }>(
      "SELECT type, at, reason FROM event ORDER BY seq").toArray()
      .map(({ type, at, reason }) => (reason ? { type, at, reason } : { type, at }));
    return {
      state: row.destroyed_at === null ? "live" : "destroyed",
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      viewsLeft: row.views_left,
      reason: row.reason,
      events,
    };
  }
}
