/** NoteObject: the single authority on one note's policy — proofs, views, expiry, burn-after-read, shredding. */
import { DurableObject } from "cloudflare:workers";
import { deleteBody } from "./bodies";
import { digestsEqual } from "./digest";
import { logEvent } from "./log";
import { type DestroyReason, type NoteRow, loadRow, migrate } from "./note-schema";

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
export type Gone = { outcome: "gone" };
export type Denied = { outcome: "denied"; triesLeft: number | null };
export type OpenResult = { outcome: "granted"; wrappedKey: string; viewsLeft: number | null } | Denied | Gone;
export type Auth = { manageHash: ArrayBuffer } | { proofHash: ArrayBuffer };

const GONE: Gone = { outcome: "gone" };
/** Opens of an unlimited-view note are each logged; the receipt keeps the latest ones only. */
const MAX_OPEN_EVENTS = 500;
/** How soon a failed KV delete is retried by the alarm. */
const RETRY_MS = 60_000;

export class NoteObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private schemaReady = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
  }

  /** Creates the note unless the id is in use; the creator's id choice never overwrites anything. */
  async create(input: CreateNote): Promise<{ created: true; expiresAt: number } | { created: false }> {
    const now = Date.now();
    this.ready(true);
    const expiresAt = this.transaction(() => {
      if (loadRow(this.sql)) return null;
      const at = now + input.ttlSeconds * 1000;
      this.sql.exec(
        `INSERT INTO note (singleton, kind, body_key, header, wrapped_key, verifier, manage_hash, views_left,
           expires_at, lockout_limit, retention_ms, created_at) VALUES (1, 'note', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        input.bodyKey, input.header, input.wrappedKey, input.verifier, input.manageHash, input.views,
        at, input.lockoutLimit, input.retentionSeconds * 1000, now,
      );
      this.record("created", now);
      return at;
    });
    if (expiresAt === null) return { created: false };
    await this.ctx.storage.setAlarm(expiresAt);
    return { created: true, expiresAt };
  }

  /** Forgets a note whose body could not be stored, as if it had never been created. */
  async abandon(): Promise<void> {
    await this.purge();
  }

  /** Public status; consumes nothing. */
  async status(): Promise<NoteStatus | null> {
    if (!this.ready(false)) return null;
    const status = this.transaction(() => {
      const row = this.live(Date.now());
      return row && { header: row.header!, expiresAt: row.expires_at, viewsLeft: row.views_left };
    });
    await this.settle();
    return status;
  }

  /** Checks a proof and consumes one view in one transaction; the last view burns the note. */
  async open(proofHash: ArrayBuffer): Promise<OpenResult> {
    if (!this.ready(false)) return GONE;
    const result = this.transaction((): OpenResult => {
      const now = Date.now();
      const row = this.live(now);
      if (!row) return GONE;
      if (!digestsEqual(proofHash, row.verifier!)) return this.failProof(row, now);
      const viewsLeft = row.views_left === null ? null : row.views_left - 1;
      this.sql.exec("UPDATE note SET views_left = ?", viewsLeft);
      this.record("opened", now);
      if (viewsLeft === 0) this.destroy("burned", now);
      return { outcome: "granted", wrappedKey: row.wrapped_key!, viewsLeft };
    });
    await this.settle();
    return result;
  }

  /** Destroys the note now: the creator with the manage token ("deleted"), a reader with the proof ("burned"). */
  async revoke(auth: Auth): Promise<{ outcome: "destroyed" } | Denied | Gone> {
    if (!this.ready(false)) return GONE;
    const result = this.transaction(() => {
      const now = Date.now();
      const row = this.live(now);
      if (!row) return GONE;
      if ("manageHash" in auth) {
        if (!digestsEqual(auth.manageHash, row.manage_hash!)) return { outcome: "denied", triesLeft: null } as const;
        this.destroy("deleted", now);
      } else {
        if (!digestsEqual(auth.proofHash, row.verifier!)) return this.failProof(row, now);
        this.destroy("burned", now);
      }
      return { outcome: "destroyed" } as const;
    });
    await this.settle();
    return result;
  }

  /** The content-free receipt for the holder of the manage token; it outlives the note until retention ends. */
  async receipt(manageHash: ArrayBuffer): Promise<{ outcome: "ok"; receipt: Receipt } | Denied | Gone> {
    if (!this.ready(false)) return GONE;
    const result = this.transaction(() => {
      this.live(Date.now());
      const row = loadRow(this.sql);
      if (!row) return GONE;
      if (!row.manage_hash || !digestsEqual(manageHash, row.manage_hash)) return { outcome: "denied", triesLeft: null } as const;
      return { outcome: "ok", receipt: this.toReceipt(row) } as const;
    });
    await this.settle();
    return result;
  }

  /** Shreds at expiry, retries body deletes, and erases the receipt when retention ends. Safe to run twice. */
  async alarm(): Promise<void> {
    if (!this.ready(false)) return;
    const now = Date.now();
    this.transaction(() => this.live(now));
    await this.settle();
    const row = loadRow(this.sql);
    const doomed = this.sql.exec("SELECT count(*) AS n FROM doomed_body").one().n as number;
    if (!row || (row.destroyed_at !== null && now >= row.destroyed_at + row.retention_ms && doomed === 0)) {
      await this.purge();
    }
  }

  /** Readies the tables; looking up an unknown id writes nothing, so probing ids cannot fill storage. */
  private ready(creating: boolean): boolean {
    if (this.schemaReady) return true;
    const exists = this.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").toArray().length > 0;
    if (!exists && !creating) return false;
    this.ctx.storage.transactionSync(() => migrate(this.sql));
    this.schemaReady = true;
    return true;
  }

  private transaction<T>(body: () => T): T {
    return this.ctx.storage.transactionSync(body);
  }

  /** The row if the note is alive; an expired note is destroyed here, whether or not its alarm has run. */
  private live(now: number): NoteRow | null {
    const row = loadRow(this.sql);
    if (!row || row.destroyed_at !== null) return null;
    if (now >= row.expires_at) {
      this.destroy("expired", now);
      return null;
    }
    return row;
  }

  private failProof(row: NoteRow, now: number): Denied {
    const failed = row.failed_proofs + 1;
    this.sql.exec("UPDATE note SET failed_proofs = ?", failed);
    const triesLeft = Math.max(0, row.lockout_limit - failed);
    if (triesLeft === 0) this.destroy("lockout", now);
    return { outcome: "denied", triesLeft };
  }

  /** Crypto-shredding: the wrapped key and verifier go in the same transaction that records why. */
  private destroy(reason: DestroyReason, now: number): void {
    this.sql.exec(
      "UPDATE note SET header = NULL, wrapped_key = NULL, verifier = NULL, destroyed_at = ?, reason = ?", now, reason);
    this.sql.exec("INSERT OR IGNORE INTO doomed_body (key) SELECT body_key FROM note");
    this.record("destroyed", now, reason);
    logEvent("note.destroyed", { reason });
  }

  private record(type: ReceiptEvent["type"], at: number, reason: DestroyReason | null = null): void {
    this.sql.exec("INSERT INTO event (type, at, reason) VALUES (?, ?, ?)", type, at, reason);
    if (type === "opened") {
      this.sql.exec(
        `DELETE FROM event WHERE type = 'opened' AND seq NOT IN
           (SELECT seq FROM event WHERE type = 'opened' ORDER BY seq DESC LIMIT ?)`, MAX_OPEN_EVENTS);
    }
  }

  private toReceipt(row: NoteRow): Receipt {
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

  /** After a transaction: deletes condemned bodies from KV and sets the alarm for the next thing due. */
  private async settle(): Promise<void> {
    const doomed = this.sql.exec<{ key: string }>("SELECT key FROM doomed_body").toArray();
    let failed = false;
    for (const { key } of doomed) {
      try {
        await deleteBody(this.env.NOTES, key);
        this.sql.exec("DELETE FROM doomed_body WHERE key = ?", key);
      } catch {
        failed = true;
        logEvent("body.delete_failed");
      }
    }
    const row = loadRow(this.sql);
    if (!row) return;
    const due = failed ? Date.now() + RETRY_MS : row.destroyed_at === null ? row.expires_at : row.destroyed_at + row.retention_ms;
    if ((await this.ctx.storage.getAlarm()) !== due) await this.ctx.storage.setAlarm(due);
  }

  /** Erases everything this object holds, receipt included. */
  private async purge(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.schemaReady = false;
  }
}
