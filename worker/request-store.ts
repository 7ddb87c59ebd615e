/**
 * The storage mechanics of RequestObject (request-object.ts): its tables, one transaction per decision, the end of a
 * request (key, description and answers erased; the answers' notes deleted), the alarm and the final purge.
 */
import { DurableObject } from "cloudflare:workers";
import { logEvent } from "./log";
import { noteStub } from "./notes";
import { type AnswerRow, loadRequest, REQUEST_MIGRATIONS, type RequestRow } from "./request-schema";
import { migrate } from "./secret-schema";

/** How soon a failed delete of an answer's note is retried by the alarm. */
const RETRY_MS = 60_000;

export abstract class RequestStore extends DurableObject<Env> {
  protected readonly sql: SqlStorage;
  private schemaReady = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
  }

  /**
   * Ends the request when its answers are due to go, deletes what revoking or ending condemned, and erases everything
   * once retention is over. Safe to run twice; it never throws (a lost alarm would keep the record for good), it
   * logs and sets itself again.
   */
  async alarm(): Promise<void> {
    try {
      const now = await this.decide(null, (at) => {
        this.current(at);
        return at;
      });
      if (now === null) return;
      const row = loadRequest(this.sql);
      const doomed = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM doomed_note").one().n;
      if (!row || (row.ended_at !== null && now >= row.ended_at + row.retention_ms && doomed === 0)) {
        await this.ctx.storage.deleteAlarm();
        await this.ctx.storage.deleteAll();
        this.schemaReady = false;
      }
    } catch (thrown) {
      logEvent("alarm.failed", { kind: thrown instanceof Error ? thrown.name : typeof thrown });
      await this.ctx.storage.setAlarm(Date.now() + RETRY_MS);
    }
  }

  /**
   * The shape of every public method: ready the tables, decide in one transaction, then settle. An object that was
   * never created answers `absent` and writes nothing, unless `creating`, so probing ids cannot fill storage.
   */
  protected async decide<T>(absent: T, decision: (now: number) => T, creating = false): Promise<T> {
    if (!this.ready(creating)) return absent;
    const result = this.ctx.storage.transactionSync(() => decision(Date.now()));
    await this.settle();
    return result;
  }

  /** The row, ended here first if its answers were due to go (whether or not the alarm has run). */
  protected current(now: number): RequestRow | null {
    const row = loadRequest(this.sql);
    if (!row || row.ended_at !== null || now < row.keep_until) return row;
    this.end(now);
    return loadRequest(this.sql);
  }

  /**
   * Erases the public key, the description and the sealed keys in one statement each, and condemns the answers'
   * notes (already expired at a natural end, unless a retry created one late; deleted at once on a revoke).
   */
  protected end(now: number): void {
    this.sql.exec("INSERT OR IGNORE INTO doomed_note (note_id, manage_hash) SELECT note_id, manage_hash FROM answer");
    this.sql.exec("DELETE FROM answer");
    this.sql.exec("UPDATE request SET public_key = NULL, description = NULL, ended_at = ?", now);
  }

  /** Keeps the answers at least until `at` (an answer's note may be opened until then). */
  protected keepUntil(at: number): void {
    this.sql.exec("UPDATE request SET keep_until = max(keep_until, ?)", at);
  }

  protected answerRow(noteId: string): AnswerRow | undefined {
    const rows = this.sql.exec("SELECT * FROM answer WHERE note_id = ?", noteId).toArray();
    return rows[0] as unknown as AnswerRow | undefined;
  }

  private ready(creating: boolean): boolean {
    if (this.schemaReady) return true;
    const exists =
      this.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").toArray().length > 0;
    if (!exists && !creating) return false;
    this.ctx.storage.transactionSync(() => migrate(this.sql, REQUEST_MIGRATIONS));
    this.schemaReady = true;
    return true;
  }

  /** After a transaction: deletes condemned notes (through their objects) and sets the alarm for the next thing due. */
  private async settle(): Promise<void> {
    const doomed = this.sql
      .exec<{ note_id: string; manage_hash: ArrayBuffer }>("SELECT note_id, manage_hash FROM doomed_note")
      .toArray();
    const results = await Promise.allSettled(
      doomed.map(async ({ note_id, manage_hash }) => {
        // Any answer will do: deleted now, or gone already (opened, expired, or never created).
        await noteStub(this.env, note_id).revoke({ manageHash: manage_hash });
        this.sql.exec("DELETE FROM doomed_note WHERE note_id = ?", note_id);
      }),
    );
    const failed = results.some((result) => result.status === "rejected");
    if (failed) logEvent("request.note_delete_failed", { retryInSeconds: RETRY_MS / 1000 });
    const row = loadRequest(this.sql);
    if (!row) return;
    const due = failed
      ? Date.now() + RETRY_MS
      : row.ended_at === null
        ? row.keep_until
        : row.ended_at + row.retention_ms;
    if ((await this.ctx.storage.getAlarm()) !== due) await this.ctx.storage.setAlarm(due);
  }
}
