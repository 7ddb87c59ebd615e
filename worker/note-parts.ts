/**
 * A note's body in its object: the create, the parts uploaded after it (the note is invisible until all are stored),
 * and what reading them needs (which parts, in what order). The download grants that follow an open are in note-grants.ts.
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
/** The answer to a wrong manage token: never counted, a 256-bit token cannot be guessed. */
export const TOKEN_DENIED: Denied = { outcome: "denied", wrong: "token", triesLeft: null, retryAfter: null };
/** A part number the note does not have (or a note stored before parts). */
export type OutOfRange = { outcome: "out-of-range"; parts: number };
/** Where an upload stands once part `part` is stored (by this request or a racer). */
export type Progress = { outcome: "stored"; part: number; partsStored: number; parts: number; complete: boolean };
/** Part `n` is wanted: exactly `size` bytes, kept in KV for `ttlSeconds` (the note's remaining life) at most. */
export type PartWanted = { outcome: "upload"; size: number; ttlSeconds: number } | Progress | OutOfRange;
/** The note as its creator describes it (POST /api/notes), hashes as ArrayBuffers. */
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
/** A create's answer: made (or made before by this same request), or the id is in use. */
export type Created = { created: true; expiresAt: number } | { created: false };
/** What the reader may fetch: the body's parts in order, and its length (null for notes stored before parts). */
export type BodyRefs = { parts: PartRef[]; size: number | null };

const NOT_CREATED: Created = { created: false };

/** The body side of NoteObject (note-object.ts): its RPC methods for the create and the uploads that follow. */
export abstract class NoteParts extends SecretObject {
  /**
   * Creates the note unless the id is in use; the creator's id choice never overwrites anything. It is uploading until
   * its parts are stored (storePart): readers cannot see it, and its alarm removes it if the upload stops. A repeat
   * of the create that made the live note (same manage token, header, keys and size: a retry whose answer was lost)
   * is answered as that create was, writing nothing.
   */
  async create(input: CreateNote): Promise<Created> {
    return this.decide<Created>(
      NOT_CREATED,
      (now) => {
        if (loadRow(this.sql)) {
          const row = this.live(now);
          return row && sameCreate(row, input) ? { created: true, expiresAt: row.expires_at } : NOT_CREATED;
        }
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

  /** The row of a note readers can see: alive, and every part stored. */
  protected readable(now: number): LiveRow | null {
    const row = this.live(now);
    return row && row.upload_until === null ? row : null;
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
}

/** The format version the header names: it fixes the body's head size and so its part sizes. */
function formatVersion(row: LiveRow): FormatVersion {
  // The stored header passed the format's decoder at create.
  return (JSON.parse(new TextDecoder().decode(fromBase64Url(row.header)!)) as { v: FormatVersion }).v;
}

/** Whether `input` is the create that made `row`: the manage token compared in constant time, the rest exactly. */
function sameCreate(row: LiveRow, input: CreateNote): boolean {
  const link = row.link_verifier;
  return (
    row.manage_hash !== null &&
    digestsEqual(input.manageHash, row.manage_hash) &&
    row.header === input.header &&
    digestsEqual(input.verifier, row.verifier) &&
    row.wrapped_key === input.wrappedKey &&
    row.body_size === input.size &&
    (link === null
      ? input.linkVerifier === null
      : input.linkVerifier !== null && digestsEqual(input.linkVerifier, link))
  );
}
