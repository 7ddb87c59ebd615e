/** NoteObject: the single authority on one note's policy — proofs, views, expiry, burn-after-read, lockout. */

import type { Receipt, ReceiptEvent } from "../protocol/wire";
import { digestsEqual } from "./digest";
import { checkNoteProof, type NoteProof, type ProofContext, type Refused } from "./note-proofs";
import { GONE, type Gone, SecretObject } from "./secret-object";
import { type DestroyReason, loadRow, type SecretRow } from "./secret-schema";

export type { Denied, NoteProof, Refused } from "./note-proofs";

export interface CreateNote {
  bodyKey: string;
  header: string;
  wrappedKey: string;
  verifier: ArrayBuffer;
  /** v2 notes with a link key: SHA-256(linkAuth); null otherwise. */
  linkVerifier: ArrayBuffer | null;
  manageHash: ArrayBuffer;
  views: number | null;
  ttlSeconds: number;
  lockoutLimit: number;
  retentionSeconds: number;
}
export interface NoteStatus {
  header: string;
  expiresAt: number;
  viewsLeft: number | null;
}
// The receipt is part of the wire contract, declared once for the Worker and its clients.
export type { Receipt, ReceiptEvent } from "../protocol/wire";
export type Authorized = { outcome: "authorized"; bodyKey: string } | Refused | Gone;
export type Consumed = { outcome: "granted"; wrappedKey: string; viewsLeft: number | null } | Refused | Gone;
export type Auth = { manageHash: ArrayBuffer } | NoteProof;
export type Created = { created: true; expiresAt: number } | { created: false };

const TOKEN_DENIED: Refused = { outcome: "denied", wrong: "token", triesLeft: null, retryAfter: null };
const NOT_CREATED: Created = { created: false };

export class NoteObject extends SecretObject {
  /** Creates the note unless the id is in use; the creator's id choice never overwrites anything. */
  async create(input: CreateNote): Promise<Created> {
    return this.decide<Created>(
      NOT_CREATED,
      (now) => {
        if (loadRow(this.sql)) return NOT_CREATED;
        const expiresAt = now + input.ttlSeconds * 1000;
        this.sql.exec(
          `INSERT INTO secret (singleton, kind, body_key, header, wrapped_key, verifier, link_verifier, manage_hash,
           views_left, expires_at, lockout_limit, retention_ms, created_at) VALUES (1, 'note', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          input.bodyKey,
          input.header,
          input.wrappedKey,
          input.verifier,
          input.linkVerifier,
          input.manageHash,
          input.views,
          expiresAt,
          input.lockoutLimit,
          input.retentionSeconds * 1000,
          now,
        );
        this.record("created", now);
        return { created: true, expiresAt };
      },
      true,
    );
  }

  /** Public status; consumes nothing. */
  async status(): Promise<NoteStatus | null> {
    return this.decide(null, (now) => {
      const row = this.live(now);
      return row && { header: row.header, expiresAt: row.expires_at, viewsLeft: row.views_left };
    });
  }

  /**
   * Step one of opening: checks the proofs and counts a wrong one (note-proofs.ts), consumes nothing, and names the
   * body, so that the Worker reads KV only for a caller who has proved the key.
   */
  async authorize(proof: NoteProof): Promise<Authorized> {
    return this.decide<Authorized>(GONE, (now) => {
      const row = this.live(now);
      if (!row) return GONE;
      return checkNoteProof(this.proofs, row, proof, now, true) ?? { outcome: "authorized", bodyKey: row.body_key };
    });
  }

  /**
   * Step two, once the body is known to be readable: re-checks the proofs (counting nothing: they passed a moment ago)
   * and consumes one view in one transaction; the last view burns the note. A racer that lost the last view is gone.
   */
  async consume(proof: NoteProof): Promise<Consumed> {
    return this.decide<Consumed>(GONE, (now) => {
      const row = this.live(now);
      if (!row) return GONE;
      const refused = checkNoteProof(this.proofs, row, proof, now, false);
      if (refused) return refused;
      const viewsLeft = row.views_left === null ? null : row.views_left - 1;
      this.sql.exec("UPDATE secret SET views_left = ?", viewsLeft);
      this.record("opened", now);
      if (viewsLeft === 0) this.destroy(row, "burned", now);
      return { outcome: "granted", wrappedKey: row.wrapped_key, viewsLeft };
    });
  }

  /** Destroys the note now: the creator with the manage token ("deleted"), a reader with the proof ("burned"). */
  async revoke(auth: Auth): Promise<{ outcome: "destroyed" } | Refused | Gone> {
    return this.decide<{ outcome: "destroyed" } | Refused | Gone>(GONE, (now) => {
      const row = this.live(now);
      if (!row) return GONE;
      if ("manageHash" in auth) {
        if (!row.manage_hash || !digestsEqual(auth.manageHash, row.manage_hash)) return TOKEN_DENIED;
        this.destroy(row, "deleted", now);
      } else {
        const refused = checkNoteProof(this.proofs, row, auth, now, true);
        if (refused) return refused;
        this.destroy(row, "burned", now);
      }
      return { outcome: "destroyed" };
    });
  }

  /** The content-free receipt for the holder of the manage token; it outlives the note until retention ends. */
  async receipt(manageHash: ArrayBuffer): Promise<{ outcome: "ok"; receipt: Receipt } | Refused | Gone> {
    return this.decide<{ outcome: "ok"; receipt: Receipt } | Refused | Gone>(GONE, (now) => {
      this.live(now);
      const row = loadRow(this.sql);
      if (!row) return GONE;
      if (!row.manage_hash || !digestsEqual(manageHash, row.manage_hash)) return TOKEN_DENIED;
      return { outcome: "ok", receipt: this.toReceipt(row) };
    });
  }

  /** What the proof rules may touch: storage, the client ledger, and destruction by lockout. */
  private get proofs(): ProofContext {
    return { sql: this.sql, clients: this.clients, lockout: (row, now) => this.destroy(row, "lockout", now) };
  }

  private toReceipt(row: SecretRow): Receipt {
    const events = this.sql
      .exec<{ type: ReceiptEvent["type"]; at: number; reason: DestroyReason | null }>(
        "SELECT type, at, reason FROM event ORDER BY seq",
      )
      .toArray()
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
