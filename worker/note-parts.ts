/**
 * A note's body in its object: the parts uploaded after create (the note is invisible until all are stored) and the
 * download grants that let the reader who consumed a view fetch, and resume, the body for a while (grantWindowMs) afterwards.
 */
import { fromBase64Url } from "../crypto/base64url";
import type { FormatVersion } from "../crypto/constants";
import { partSizes } from "../crypto/parts";
import type { PartRef } from "./body-stream";
import { digestsEqual } from "./digest";
import type { Denied } from "./note-proofs";
import { GONE, type Gone, SecretObject } from "./secret-object";
import { type LiveRow, loadRow, type SecretRow } from "./secret-schema";

/** An upload that stores no part for this long is abandoned, and its alarm destroys it (reason incomplete). */
export const UPLOAD_WINDOW_MS = 3600_000;
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

/** The answer to a wrong manage token: never counted, a 256-bit token cannot be guessed. */
export const TOKEN_DENIED: Denied = { outcome: "denied", wrong: "token", triesLeft: null, retryAfter: null };
/** A part number the note does not have (or a note stored before parts). */
export type OutOfRange = { outcome: "out-of-range"; parts: number };
/** Where an upload stands once part `part` is stored (by this request or a racer). */
export type Progress = { outcome: "stored"; part: number; partsStored: number; parts: number; complete: boolean };
/** Part `n` is wanted: exactly `size` bytes, kept in KV for `ttlSeconds` (the note's remaining life) at most. */
export type PartWanted = { outcome: "upload"; size: number; ttlSeconds: number } | Progress | OutOfRange;
/** A grant this note did not issue. */
export type NoGrant = { outcome: "no-grant" };
/** What the reader may fetch: the body's parts in order, and its length (null for notes stored before parts). */
export type BodyRefs = { parts: PartRef[]; size: number | null };

const NO_GRANT: NoGrant = { outcome: "no-grant" };

/** The body side of NoteObject (note-object.ts): its RPC methods for uploads and download grants. */
export abstract class NoteParts extends SecretObject {
  /** Step one of storing part `n`: the manage token, and whether the part is still wanted (it may be stored). */
  async beginPart(n: number, manageHash: ArrayBuffer): Promise<PartWanted | Denied | Gone> {
    return this.decide<PartWanted | Denied | Gone>(GONE, (now) => {
      const row = this.live(now);
      if (!row) return GONE;
      const refused = this.notWanted(row, n, manageHash);
      if (refused) return refused;
      const size = partSizes(row.body_size!, formatVersion(row))[n]!;
      return { outcome: "upload", size, ttlSeconds: Math.ceil((row.expires_at - now) / 1000) };
    });
  }

  /**
   * Step two, once the bytes are in KV under `key`: records the part. A racer that stored part `n` first keeps it, and
   * this upload is deleted; so is one for a note that was destroyed meanwhile. The last part makes the note readable.
   */
  async storePart(n: number, key: string, manageHash: ArrayBuffer): Promise<Progress | OutOfRange | Denied | Gone> {
    return this.decide<Progress | OutOfRange | Denied | Gone>(GONE, (now) => {
      const row = this.live(now);
      const refused = row ? this.notWanted(row, n, manageHash) : GONE;
      if (refused || !row) {
        this.sql.exec("INSERT OR IGNORE INTO doomed_body (key) VALUES (?)", key);
        return refused ?? GONE;
      }
      const size = partSizes(row.body_size!, formatVersion(row))[n]!;
      this.sql.exec("INSERT INTO part (idx, key, size) VALUES (?, ?, ?)", n, key, size);
      const complete = this.partsStored(row) === row.parts;
      this.sql.exec("UPDATE secret SET upload_until = ?", complete ? null : now + UPLOAD_WINDOW_MS);
      return this.progress(row, n);
    });
  }

  /** The body behind a grant this note issued, while the grant lasts; consumes nothing. */
  async download(grantHash: ArrayBuffer): Promise<({ outcome: "ok" } & BodyRefs) | NoGrant | Gone> {
    return this.decide<({ outcome: "ok" } & BodyRefs) | NoGrant | Gone>(GONE, (now) => {
      const row = this.withBody(now);
      if (!row) return GONE;
      const until = this.grantUntil(grantHash);
      if (until === null) return NO_GRANT;
      if (now >= until) return GONE;
      return { outcome: "ok", ...this.bodyOf(row) };
    });
  }

  /** The reader has the whole body: its grant ends, and a burned note's body goes once no other grant is open. */
  async finishDownload(grantHash: ArrayBuffer): Promise<{ outcome: "done" } | NoGrant | Gone> {
    return this.decide<{ outcome: "done" } | NoGrant | Gone>(GONE, (now) => {
      const row = this.withBody(now);
      if (!row) return GONE;
      const until = this.grantUntil(grantHash);
      if (until === null) return NO_GRANT;
      // An ended grant answers as download() does: it has nothing left to finish.
      if (now >= until) return GONE;
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

  /** The row of a note readers can see: alive, and every part stored. */
  protected readable(now: number): LiveRow | null {
    const row = this.live(now);
    return row && row.upload_until === null ? row : null;
  }

  /** Issues a grant to the reader who consumed a view, forgetting grants that ended a window ago. */
  protected grant(grantHash: ArrayBuffer, now: number, size: number | null): number {
    const until = now + grantWindowMs(size);
    this.sql.exec("DELETE FROM grant WHERE until <= ?", now - GRANT_MS);
    this.sql.exec("INSERT INTO grant (hash, until) VALUES (?, ?)", grantHash, until);
    return until;
  }

  /** The parts a reader fetches, in order; an older row's one body under body_key, of unknown size. */
  protected bodyOf(row: SecretRow): BodyRefs {
    if (row.parts === null) return { parts: [{ key: row.body_key, size: null }], size: null };
    const parts = this.sql.exec<{ key: string; size: number }>("SELECT key, size FROM part ORDER BY idx").toArray();
    return { parts, size: row.body_size };
  }

  /** Parts stored so far: an older row's one body counts as its one part while it lives. */
  protected partsStored(row: SecretRow): number {
    if (row.parts === null) return row.destroyed_at === null ? 1 : 0;
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM part").one().n;
  }

  /** Whether `manageHash` is the creator's (constant-time). */
  protected isCreator(row: SecretRow, manageHash: ArrayBuffer): boolean {
    return row.manage_hash !== null && digestsEqual(manageHash, row.manage_hash);
  }

  /** Why part `n` is not to be stored (wrong token, no such part, or stored already), or null when it is wanted. */
  private notWanted(row: LiveRow, n: number, manageHash: ArrayBuffer): Progress | OutOfRange | Denied | null {
    if (!this.isCreator(row, manageHash)) return TOKEN_DENIED;
    if (row.parts === null || n >= row.parts) return { outcome: "out-of-range", parts: row.parts ?? 1 };
    return this.storedKey(n) === null ? null : this.progress(row, n);
  }

  private progress(row: SecretRow, n: number): Progress {
    const partsStored = this.partsStored(row);
    const parts = row.parts ?? 1;
    return { outcome: "stored", part: n, partsStored, parts, complete: partsStored === parts };
  }

  private storedKey(n: number): string | null {
    return this.sql.exec<{ key: string }>("SELECT key FROM part WHERE idx = ?", n).toArray()[0]?.key ?? null;
  }

  /** When the grant ends; looked up by its hash (of a 32-byte random token, so timing reveals nothing usable). */
  private grantUntil(grantHash: ArrayBuffer): number | null {
    return (
      this.sql.exec<{ until: number }>("SELECT until FROM grant WHERE hash = ?", grantHash).toArray()[0]?.until ?? null
    );
  }

  /** A readable note, or a burned one whose body is held for its grants. */
  private withBody(now: number): SecretRow | null {
    if (this.readable(now)) return loadRow(this.sql);
    const row = loadRow(this.sql);
    return row && row.hold_until !== null ? row : null;
  }
}

/** The format version the header names: it fixes the body's head size and so its part sizes. */
function formatVersion(row: LiveRow): FormatVersion {
  // The stored header passed the format's decoder at create.
  return (JSON.parse(new TextDecoder().decode(fromBase64Url(row.header)!)) as { v: FormatVersion }).v;
}
