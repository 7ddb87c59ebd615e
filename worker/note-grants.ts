/**
 * A note's download grants: the open that consumed a view issues one to its reader, who may fetch and resume the body
 * for a while (grantWindowMs) afterwards, and repeat the open itself (a retry whose first answer was lost) to get the
 * same answer again, from the grant's escrow (grant-escrow.ts), consuming nothing.
 */
import type { BodyRefs } from "./note-parts";
import { NoteParts } from "./note-parts";
import { GONE, type Gone } from "./secret-object";
import { loadRow, type SecretRow } from "./secret-schema";

/** How long a download grant lets its reader fetch a small body after the open that issued it. */
export const GRANT_MS = 600_000;
/**
 * The slowest download a grant still covers: a grant lasts GRANT_MS plus one second per 64 KiB of body, so a burned
 * 100 MiB note stays fetchable for about 37 minutes and a 2 GiB one for about 9 hours. Without the wrapped key (shredded
 * at the burn) the held ciphertext is useless to anyone but the reader who already has it.
 */
export const SLOWEST_READ_BYTES_PER_SECOND = 65_536;

/** How long a grant for a body of `size` bytes lasts (size null: a body stored before sizes were, at most 25 MiB). */
export const grantWindowMs = (size: number | null) =>
  GRANT_MS + Math.ceil((size ?? 25 * 1024 * 1024) / SLOWEST_READ_BYTES_PER_SECOND) * 1000;

/** A grant this note did not issue. */
export type NoGrant = { outcome: "no-grant" };
/** An open this grant already answered: the wrapped key sealed for the grant's holder, and what the answer said. */
export type Repeat = { outcome: "repeat"; escrow: string; viewsLeft: number | null; grantExpiresAt: number } & BodyRefs;
/** A grant as stored: when it ends, and (since schema step 4) the open's sealed wrapped key and views left. */
export type GrantRow = { until: number; escrow: string | null; views_left: number | null };

const NO_GRANT: NoGrant = { outcome: "no-grant" };

/** The grant side of NoteObject (note-object.ts): its RPC methods for downloads, and the grants' bookkeeping. */
export abstract class NoteGrants extends NoteParts {
  /** The body behind a grant this note issued, while the grant lasts; consumes nothing. */
  async download(grantHash: ArrayBuffer): Promise<({ outcome: "ok" } & BodyRefs) | NoGrant | Gone> {
    return this.decide<({ outcome: "ok" } & BodyRefs) | NoGrant | Gone>(GONE, (now) => {
      const row = this.withBody(now);
      if (!row) return GONE;
      const grant = this.grantRow(grantHash);
      if (!grant) return NO_GRANT;
      if (now >= grant.until) return GONE;
      return { outcome: "ok", ...this.bodyOf(row) };
    });
  }

  /** The reader has the whole body: its grant ends, and a burned note's body goes once no other grant is open. */
  async finishDownload(grantHash: ArrayBuffer): Promise<{ outcome: "done" } | NoGrant | Gone> {
    return this.decide<{ outcome: "done" } | NoGrant | Gone>(GONE, (now) => {
      const row = this.withBody(now);
      if (!row) return GONE;
      const grant = this.grantRow(grantHash);
      if (!grant) return NO_GRANT;
      // An ended grant answers as download() does: it has nothing left to finish.
      if (now >= grant.until) return GONE;
      this.sql.exec("DELETE FROM grant WHERE hash = ?", grantHash);
      if (row.hold_until !== null) {
        const last = this.sql.exec<{ until: number | null }>(
          "SELECT max(until) AS until FROM grant WHERE until > ?",
          now,
        );
        const held = last.one().until;
        if (held === null) this.condemnBody();
        else this.sql.exec("UPDATE secret SET hold_until = ?", held);
      }
      return { outcome: "done" };
    });
  }

  /**
   * Issues a grant to the reader who consumed a view, keeping the open's answer for a repeat (the wrapped key sealed
   * under the grant, the views left), and forgets grants that ended a window ago.
   */
  protected grant(grantHash: ArrayBuffer, now: number, size: number | null, escrow: string, viewsLeft: number | null) {
    const until = now + grantWindowMs(size);
    this.sql.exec("DELETE FROM grant WHERE until <= ?", now - GRANT_MS);
    this.sql.exec(
      "INSERT INTO grant (hash, until, escrow, views_left) VALUES (?, ?, ?, ?)",
      grantHash,
      until,
      escrow,
      viewsLeft,
    );
    return until;
  }

  /**
   * A grant this note issued while its body is still there (readable, or held after the burn), ended or not; null
   * for a grant it never issued or one whose body is gone.
   */
  protected issued(grantHash: ArrayBuffer, now: number): GrantRow | null {
    return this.withBody(now) && this.grantRow(grantHash);
  }

  /** The open a lasting grant answered, to answer it again (grants from before escrows cannot be repeated). */
  protected repeatOf(grantHash: ArrayBuffer, now: number): Repeat | null {
    const row = this.withBody(now);
    const grant = row && this.grantRow(grantHash);
    if (!row || !grant || now >= grant.until || grant.escrow === null) return null;
    const { escrow, views_left: viewsLeft, until: grantExpiresAt } = grant;
    return { outcome: "repeat", escrow, viewsLeft, grantExpiresAt, ...this.bodyOf(row) };
  }

  /** Looked up by its hash (of a 32-byte random token, so timing reveals nothing usable). */
  private grantRow(grantHash: ArrayBuffer): GrantRow | null {
    return (
      this.sql.exec<GrantRow>("SELECT until, escrow, views_left FROM grant WHERE hash = ?", grantHash).toArray()[0] ??
      null
    );
  }

  /** A readable note, or a burned one whose body is held for its grants. */
  private withBody(now: number): SecretRow | null {
    if (this.readable(now)) return loadRow(this.sql);
    const row = loadRow(this.sql);
    return row && row.hold_until !== null ? row : null;
  }
}
