/** The storage mechanics shared by notes and notepads: one SQLite row, transactions, expiry, crypto-shredding. */
import { DurableObject } from "cloudflare:workers";
import { deleteBody } from "./bodies";
import { Ledger } from "./lockout";
import { logEvent } from "./log";
import { type DestroyReason, isLive, type LiveRow, loadRow, migrate, type SecretRow } from "./secret-schema";

/** How soon a failed KV delete is retried by the alarm. */
const RETRY_MS = 60_000;
/** Opens of an unlimited-view note are each logged; the event log keeps the latest ones only. */
const MAX_OPEN_EVENTS = 500;
/** Clients whose wrong guesses one object remembers; the least recently seen is forgotten first. */
const MAX_CLIENTS = 1000;

export type Gone = { outcome: "gone" };
export const GONE: Gone = { outcome: "gone" };
export type EventType = "created" | "opened" | "saved" | "rekeyed" | "destroyed";

export abstract class SecretObject extends DurableObject<Env> {
  protected readonly sql: SqlStorage;
  /** Wrong guesses per client network (worker/lockout.ts). */
  protected readonly clients: Ledger;
  private schemaReady = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.clients = new Ledger(this.sql, "client", MAX_CLIENTS);
  }

  /**
   * Shreds at expiry, retries body deletes, and erases what is left when retention ends. Safe to run twice. It never
   * throws: the runtime gives up on an alarm after a few failed retries, and a lost alarm would leave a destroyed
   * note's receipt (and any undeleted body) behind for good. A failure is logged and the alarm set again.
   */
  async alarm(): Promise<void> {
    try {
      const now = await this.decide(null, (at) => {
        this.live(at);
        return at;
      });
      if (now === null) return;
      const row = loadRow(this.sql);
      const doomed = this.sql.exec("SELECT count(*) AS n FROM doomed_body").one().n as number;
      const ended = row?.destroyed_at != null && row.hold_until === null && now >= row.destroyed_at + row.retention_ms;
      if (!row || (ended && doomed === 0)) {
        await this.purge();
      }
    } catch (thrown) {
      logEvent("alarm.failed", {
        kind: thrown instanceof Error ? thrown.name : typeof thrown,
        retryInSeconds: RETRY_MS / 1000,
      });
      await this.ctx.storage.setAlarm(Date.now() + RETRY_MS);
    }
  }

  /**
   * The shape of every public method: ready the tables, make the decision in one transaction, then settle.
   * An object that was never created answers `absent` and writes nothing, unless `creating`.
   */
  protected async decide<T>(absent: T, decision: (now: number) => T, creating = false): Promise<T> {
    if (!this.ready(creating)) return absent;
    const result = this.ctx.storage.transactionSync(() => decision(Date.now()));
    await this.settle();
    return result;
  }

  /**
   * Whether this object's row names `bodyKey` as its body. Asked only after a create or save threw, which may have
   * been after its transaction committed; it decides nothing, settles nothing, and an unknown object writes nothing.
   */
  async references(bodyKey: string): Promise<boolean> {
    if (!this.ready(false)) return false;
    const named = this.sql.exec("SELECT 1 FROM part WHERE key = ?", bodyKey).toArray().length > 0;
    return named || loadRow(this.sql)?.body_key === bodyKey;
  }

  /** Answers /healthz's probe: proves the object runs and replies, reading and writing no storage. */
  async ping(): Promise<"pong"> {
    return "pong";
  }

  /** Readies the tables; looking up an unknown id writes nothing, so probing ids cannot fill storage. */
  private ready(creating: boolean): boolean {
    if (this.schemaReady) return true;
    const exists =
      this.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").toArray().length > 0;
    if (!exists && !creating) return false;
    this.ctx.storage.transactionSync(() => migrate(this.sql));
    this.schemaReady = true;
    return true;
  }

  /**
   * The row if it is alive; an expired one, or an abandoned upload, is destroyed here whether or not its alarm has run,
   * and a destroyed note's body held for download grants is released once they have ended.
   */
  protected live(now: number): LiveRow | null {
    const row = loadRow(this.sql);
    if (!row) return null;
    if (row.destroyed_at !== null) {
      if (row.hold_until !== null && now >= row.hold_until) this.condemnBody();
      return null;
    }
    if (now >= row.expires_at || (row.upload_until !== null && now >= row.upload_until)) {
      this.destroy(row, now >= row.expires_at ? "expired" : "incomplete", now);
      return null;
    }
    return isLive(row) ? row : null;
  }

  /**
   * Crypto-shredding: the wrapped key and verifiers go in the same transaction that records why, and so do the
   * per-client counts and known devices, which a destroyed secret no longer needs. The body is deleted at once and
   * download grants end, unless `holdUntil` keeps it for the grants of the view that burned the note.
   */
  protected destroy(row: SecretRow, reason: DestroyReason, now: number, holdUntil: number | null = null): void {
    this.sql.exec(
      `UPDATE secret SET header = NULL, wrapped_key = NULL, verifier = NULL, link_verifier = NULL, destroyed_at = ?,
         reason = ?`,
      now,
      reason,
    );
    this.sql.exec("DELETE FROM client");
    this.sql.exec("DELETE FROM device");
    if (holdUntil === null) this.condemnBody();
    else this.sql.exec("UPDATE secret SET hold_until = ?", holdUntil);
    this.record("destroyed", now, reason);
    logEvent(`${row.kind}.destroyed`, { reason });
  }

  /** Marks the current body (its one key, or every stored part) for deletion from KV once the transaction commits. */
  protected condemnBody(): void {
    this.sql.exec("INSERT OR IGNORE INTO doomed_body (key) SELECT body_key FROM secret WHERE parts IS NULL");
    this.sql.exec("INSERT OR IGNORE INTO doomed_body (key) SELECT key FROM part");
    this.sql.exec("DELETE FROM part");
    this.sql.exec("UPDATE secret SET hold_until = NULL");
    this.sql.exec('DELETE FROM "grant"');
  }

  /** Appends a content-free event; opens and saves keep only the latest MAX_OPEN_EVENTS of their kind. */
  protected record(type: EventType, at: number, reason: DestroyReason | null = null): void {
    this.sql.exec("INSERT INTO event (type, at, reason) VALUES (?, ?, ?)", type, at, reason);
    if (type === "opened" || type === "saved") {
      this.sql.exec(
        `DELETE FROM event WHERE type = ?1 AND seq NOT IN
           (SELECT seq FROM event WHERE type = ?1 ORDER BY seq DESC LIMIT ?2)`,
        type,
        MAX_OPEN_EVENTS,
      );
    }
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
    const due = failed
      ? Date.now() + RETRY_MS
      : row.destroyed_at === null
        ? Math.min(row.expires_at, row.upload_until ?? Infinity)
        : (row.hold_until ?? row.destroyed_at + row.retention_ms);
    if ((await this.ctx.storage.getAlarm()) !== due) await this.ctx.storage.setAlarm(due);
  }

  /** Erases everything this object holds. */
  protected async purge(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.schemaReady = false;
  }
}
