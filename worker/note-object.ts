/** NoteObject: the single authority on one note's policy — proofs, views, expiry, burn-after-read, lockout. */

import type { Receipt, ReceiptEvent } from "../protocol/wire";
import { type BodyRefs, NoteParts, TOKEN_DENIED, UPLOAD_WINDOW_MS } from "./note-parts";
import { checkNoteProof, type NoteProof, type ProofContext, type Refused } from "./note-proofs";
import { GONE, type Gone } from "./secret-object";
import { type DestroyReason, loadRow, type SecretRow } from "./secret-schema";

export type { NoGrant, OutOfRange, PartWanted, Progress } from "./note-parts";
export type { Denied, NoteProof, Refused } from "./note-proofs";

export interface CreateNote {
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
  /** The whole ciphertext's length, and how many parts it is uploaded in. */
  size: number;
  parts: number;
}
export interface NoteStatus {
  header: string;
  expiresAt: number;
  viewsLeft: number | null;
  /** Null for notes stored before parts. */
  size: number | null;
}
// The receipt is part of the wire contract, declared once for the Worker and its clients.
export type { Receipt, ReceiptEvent } from "../protocol/wire";
export type Authorized = ({ outcome: "authorized" } & BodyRefs) | Refused | Gone;
export type Consumed =
  | { outcome: "granted"; wrappedKey: string; viewsLeft: number | null; grantExpiresAt: number }
  | Refused
  | Gone;
export type Auth = { manageHash: ArrayBuffer } | NoteProof;
export type Created = { created: true; expiresAt: number } | { created: false };

const NOT_CREATED: Created = { created: false };

export class NoteObject extends NoteParts {
  /**
   * Creates the note unless the id is in use; the creator's id choice never overwrites anything. It is uploading until
   * its parts are stored (note-parts.ts): readers cannot see it, and its alarm removes it if the upload stops.
   */
  async create(input: CreateNote): Promise<Created> {
    return this.decide<Created>(
      NOT_CREATED,
      (now) => {
        if (loadRow(this.sql)) return NOT_CREATED;
        const expiresAt = now + input.ttlSeconds * 1000;
        this.sql.exec(
          // body_key is unused once a body is in parts; the column predates them and is NOT NULL.
          `INSERT INTO secret (singleton, kind, body_key, header, wrapped_key, verifier, link_verifier, manage_hash,
           views_left, expires_at, lockout_limit, retention_ms, created_at, parts, body_size, upload_until)
           VALUES (1, 'note', '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
          input.parts,
          input.size,
          now + UPLOAD_WINDOW_MS,
        );
        this.record("created", now);
        return { created: true, expiresAt };
      },
      true,
    );
  }

  /** Public status of a readable note; consumes nothing. */
  async status(): Promise<NoteStatus | null> {
    return this.decide(null, (now) => {
      const row = this.readable(now);
      return row && { header: row.header, expiresAt: row.expires_at, viewsLeft: row.views_left, size: row.body_size };
    });
  }

  /**
   * Step one of opening: checks the proofs and counts a wrong one (note-proofs.ts), consumes nothing, and names the
   * body's parts, so that the Worker reads KV only for a caller who has proved the key.
   */
  async authorize(proof: NoteProof): Promise<Authorized> {
    return this.decide<Authorized>(GONE, (now) => {
      const row = this.readable(now);
      if (!row) return GONE;
      return checkNoteProof(this.proofs, row, proof, now, true) ?? { outcome: "authorized", ...this.bodyOf(row) };
    });
  }

  /**
   * Step two, once the body is known to be readable: re-checks the proofs (counting nothing: they passed a moment ago)
   * and consumes one view in one transaction, issuing the reader a download grant (`grantHash`: SHA-256 of its
   * token). The last view burns the note: its keys are shredded now, its body held until the grants end. A racer that
   * lost the last view is gone.
   */
  async consume(proof: NoteProof, grantHash: ArrayBuffer): Promise<Consumed> {
    return this.decide<Consumed>(GONE, (now) => {
      const row = this.readable(now);
      if (!row) return GONE;
      const refused = checkNoteProof(this.proofs, row, proof, now, false);
      if (refused) return refused;
      const viewsLeft = row.views_left === null ? null : row.views_left - 1;
      this.sql.exec("UPDATE secret SET views_left = ?", viewsLeft);
      this.record("opened", now);
      const grantExpiresAt = this.grant(grantHash, now, row.body_size);
      if (viewsLeft === 0) this.destroy(row, "burned", now, grantExpiresAt);
      return { outcome: "granted", wrappedKey: row.wrapped_key, viewsLeft, grantExpiresAt };
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
