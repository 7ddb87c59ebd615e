/** NoteObject: the single authority on one note's policy — proofs, views, expiry, burn-after-read, lockout. */

import type { Receipt, ReceiptEvent } from "../protocol/wire";
import { NoteGrants, type Repeat } from "./note-grants";
import { type BodyRefs, TOKEN_DENIED } from "./note-parts";
import { checkNoteProof, type NoteProof, type ProofContext, type Refused } from "./note-proofs";
import { GONE, type Gone } from "./secret-object";
import { type DestroyReason, loadRow, type SecretRow } from "./secret-schema";

export type { NoGrant, Repeat } from "./note-grants";
export type { Created, CreateNote, OutOfRange, PartWanted, Progress } from "./note-parts";
export type { Denied, NoteProof, Refused } from "./note-proofs";

export interface NoteStatus {
  header: string;
  expiresAt: number;
  viewsLeft: number | null;
  /** Null for notes stored before parts. */
  size: number | null;
}
// The receipt is part of the wire contract, declared once for the Worker and its clients.
export type { Receipt, ReceiptEvent } from "../protocol/wire";
/** Step one of an open: the proofs passed (the wrapped key to seal and deliver, the parts to read), or a repeat. */
export type Authorized = ({ outcome: "authorized"; wrappedKey: string } & BodyRefs) | Repeat | Refused | Gone;
/** Step two: the view consumed (or consumed already by a racing copy of this request with the same grant). */
export type Consumed = { outcome: "granted"; viewsLeft: number | null; grantExpiresAt: number } | Refused | Gone;
export type Auth = { manageHash: ArrayBuffer } | NoteProof;

export class NoteObject extends NoteGrants {
  /** Public status of a readable note; consumes nothing. */
  async status(): Promise<NoteStatus | null> {
    return this.decide(null, (now) => {
      const row = this.readable(now);
      return row && { header: row.header, expiresAt: row.expires_at, viewsLeft: row.views_left, size: row.body_size };
    });
  }

  /**
   * Step one of opening: checks the proofs and counts a wrong one (note-proofs.ts), consumes nothing, and names the
   * body's parts, so that the Worker reads KV only for a caller who has proved the key. First, a lasting grant
   * `grantHash` makes it a repeat of the open that issued it (its reader retrying): answered from the grant, on a
   * burned note too while its body is held, with no proof checked and nothing counted or consumed.
   */
  async authorize(proof: NoteProof, grantHash: ArrayBuffer): Promise<Authorized> {
    return this.decide<Authorized>(GONE, (now) => {
      const repeat = this.repeatOf(grantHash, now);
      if (repeat) return repeat;
      const row = this.readable(now);
      if (!row) return GONE;
      const refused = checkNoteProof(this.proofs, row, proof, now, true);
      return refused ?? { outcome: "authorized", wrappedKey: row.wrapped_key, ...this.bodyOf(row) };
    });
  }

  /**
   * Step two, once the body is known to be readable: re-checks the proofs (counting nothing: they passed a moment ago)
   * and consumes one view in one transaction, issuing the reader a download grant (`grantHash`: SHA-256 of its
   * token) that keeps `escrow` (the wrapped key sealed under the token) for a repeat. The last view burns the note:
   * its keys are shredded now, its body held until the grants end. A racer that lost the last view is gone; a racing
   * copy of a request whose grant is in already is answered from that grant, consuming nothing.
   */
  async consume(proof: NoteProof, grantHash: ArrayBuffer, escrow: string): Promise<Consumed> {
    return this.decide<Consumed>(GONE, (now) => {
      const issued = this.issued(grantHash, now);
      if (issued) {
        if (now >= issued.until) return GONE;
        return { outcome: "granted", viewsLeft: issued.views_left, grantExpiresAt: issued.until };
      }
      const row = this.readable(now);
      if (!row) return GONE;
      const refused = checkNoteProof(this.proofs, row, proof, now, false);
      if (refused) return refused;
      const viewsLeft = row.views_left === null ? null : row.views_left - 1;
      this.sql.exec("UPDATE secret SET views_left = ?", viewsLeft);
      this.record("opened", now);
      const grantExpiresAt = this.grant(grantHash, now, row.body_size, escrow, viewsLeft);
      if (viewsLeft === 0) this.destroy(row, "burned", now, grantExpiresAt);
      return { outcome: "granted", viewsLeft, grantExpiresAt };
    });
  }

  /**
   * Destroys the note now, body and grants included: the creator with the manage token ("deleted", which also cancels
   * an upload), a reader of a readable note with the proof ("burned").
   */
  async revoke(auth: Auth): Promise<{ outcome: "destroyed" } | Refused | Gone> {
    return this.decide<{ outcome: "destroyed" } | Refused | Gone>(GONE, (now) => {
      const row = this.live(now);
      if (!row) return GONE;
      if ("manageHash" in auth) {
        if (!this.isCreator(row, auth.manageHash)) return TOKEN_DENIED;
        this.destroy(row, "deleted", now);
      } else {
        if (row.upload_until !== null) return GONE;
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
      if (!this.isCreator(row, manageHash)) return TOKEN_DENIED;
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
      state: row.destroyed_at !== null ? "destroyed" : row.upload_until !== null ? "uploading" : "live",
      partsStored: this.partsStored(row),
      parts: row.parts ?? 1,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      viewsLeft: row.views_left,
      reason: row.reason,
      events,
    };
  }
}
