/**
 * Wrong guesses counted per client (a keyed hash of its network) or per notepad device (the SHA-256 of its token):
 * each gets an allowance of wrong proofs, then waits that double with every further one. Runs inside an object's
 * transaction; the tables come from secret-schema.ts (step 2).
 */

/** Wrong proofs allowed before waits begin, and the longest wait (null: doubling for the whole life of the secret). */
export interface Allowance { free: number; maxWaitSeconds: number | null }

/** What one wrong proof did: whether it was within the allowance, and the wait it started (seconds) if not. */
export interface Strike { withinAllowance: boolean; retryAfter: number | null }

interface LedgerRow { failures: number; waits: number; wait_until: number }

/** 2^40 s is far beyond any lifetime; the cap only keeps the arithmetic exact. */
const MAX_DOUBLINGS = 40;

/** One table of counted keys, at most `capacity` rows: the least recently seen row goes first. */
export class Ledger {
  constructor(
    private readonly sql: SqlStorage,
    private readonly table: "client" | "device",
    private readonly capacity: number,
  ) {}

  /** Whether `key` has a row (for devices: whether the pad knows the token). */
  has(key: string | ArrayBuffer): boolean {
    return this.row(key) !== null;
  }

  /** Seconds `key` must still wait, or null when it may try now. */
  waiting(key: string | ArrayBuffer, now: number): number | null {
    const row = this.row(key);
    return row && now < row.wait_until ? Math.ceil((row.wait_until - now) / 1000) : null;
  }

  /**
   * Records a wrong proof. `keys[0]` is the one that waits; later keys are coarser networks it belongs to. The proof is
   * within the allowance only while every key is: one subscriber's many /64s share their /48's allowance.
   */
  fail(keys: (string | ArrayBuffer)[], now: number, allowance: Allowance): Strike {
    const rows = keys.map((key) => this.row(key));
    if (rows.every((row) => (row?.failures ?? 0) < allowance.free)) {
      for (const key of keys) {
        this.sql.exec(
          `INSERT INTO ${this.table} (key, failures, seen_at) VALUES (?1, 1, ?2)
             ON CONFLICT (key) DO UPDATE SET failures = failures + 1, seen_at = ?2`, key, now);
      }
      this.trim();
      return { withinAllowance: true, retryAfter: null };
    }
    const doublings = Math.min(rows[0]?.waits ?? 0, MAX_DOUBLINGS);
    const seconds = allowance.maxWaitSeconds === null ? 2 ** doublings : Math.min(allowance.maxWaitSeconds, 2 ** doublings);
    // A network first seen here with its coarser network's allowance used up starts with none of its own either.
    this.sql.exec(
      `INSERT INTO ${this.table} (key, failures, waits, wait_until, seen_at) VALUES (?1, ?2, 1, ?3, ?4)
         ON CONFLICT (key) DO UPDATE SET waits = waits + 1, wait_until = ?3, seen_at = ?4`,
      keys[0]!, allowance.free, now + seconds * 1000, now);
    this.trim();
    return { withinAllowance: false, retryAfter: seconds };
  }

  /** Forgets what `keys` got wrong: a right proof resets them. */
  clear(keys: (string | ArrayBuffer)[]): void {
    for (const key of keys) this.sql.exec(`DELETE FROM ${this.table} WHERE key = ?`, key);
  }

  /** Adds `key` with a clean slate (or cleans and refreshes it), then drops the least recently seen beyond capacity. */
  admit(key: string | ArrayBuffer, now: number): void {
    this.sql.exec(
      `INSERT INTO ${this.table} (key, seen_at) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET failures = 0, waits = 0, wait_until = 0, seen_at = ?2`, key, now);
    this.trim();
  }

  /** Forgets every key (destruction, a notepad's password change). */
  forget(): void {
    this.sql.exec(`DELETE FROM ${this.table}`);
  }

  private row(key: string | ArrayBuffer): LedgerRow | null {
    return (this.sql.exec(`SELECT failures, waits, wait_until FROM ${this.table} WHERE key = ?`, key).toArray()[0] as
      LedgerRow | undefined) ?? null;
  }

  private trim(): void {
    this.sql.exec(
      `DELETE FROM ${this.table} WHERE key IN
         (SELECT key FROM ${this.table} ORDER BY seen_at DESC, rowid DESC LIMIT -1 OFFSET ?)`, this.capacity);
  }
}
