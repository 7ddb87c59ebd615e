/**
 * Wrong guesses counted per client (a keyed hash of its network) or per notepad device (the SHA-256 of its token):
 * each gets an allowance of wrong proofs, then waits that double with every further one. Runs inside an object's
 * transaction; the tables come from secret-schema.ts (step 2).
 */

/**
 * Wrong proofs allowed before waits begin, and the longest wait (null: doubling for the whole life of the secret).
 * `sharedWaits`: a coarser network (an IPv6 /48) whose allowance is used up waits too, so that moving to another of
 * its /64s neither skips the wait nor restarts the doubling.
 */
export interface Allowance {
  free: number;
  maxWaitSeconds: number | null;
  sharedWaits?: boolean;
}

/** What one wrong proof did: whether it was within the allowance, and the wait it started (seconds) if not. */
export interface Strike {
  withinAllowance: boolean;
  retryAfter: number | null;
}

interface LedgerRow {
  failures: number;
  waits: number;
  wait_until: number;
}

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

  /** Seconds the longest-waiting of `keys` must still wait, or null when it may try now. */
  waiting(keys: (string | ArrayBuffer)[], now: number): number | null {
    const until = Math.max(0, ...keys.map((key) => this.row(key)?.wait_until ?? 0));
    return now < until ? Math.ceil((until - now) / 1000) : null;
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
             ON CONFLICT (key) DO UPDATE SET failures = failures + 1, seen_at = ?2`,
          key,
          now,
        );
      }
      this.trim();
      return { withinAllowance: true, retryAfter: null };
    }
    // keys[0] waits; with sharedWaits so does every coarser network whose allowance is used up.
    const waiters = keys.filter(
      (_, i) => i === 0 || (allowance.sharedWaits === true && (rows[i]?.failures ?? 0) >= allowance.free),
    );
    const doublings = Math.min(Math.max(...waiters.map((key) => this.row(key)?.waits ?? 0)), MAX_DOUBLINGS);
    const seconds =
      allowance.maxWaitSeconds === null ? 2 ** doublings : Math.min(allowance.maxWaitSeconds, 2 ** doublings);
    // A network first seen here with its coarser network's allowance used up starts with none of its own either.
    for (const key of waiters) {
      this.sql.exec(
        `INSERT INTO ${this.table} (key, failures, waits, wait_until, seen_at) VALUES (?1, ?2, 1, ?3, ?4)
           ON CONFLICT (key) DO UPDATE SET waits = waits + 1, wait_until = ?3, seen_at = ?4`,
        key,
        allowance.free,
        now + seconds * 1000,
        now,
      );
    }
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
         ON CONFLICT (key) DO UPDATE SET failures = 0, waits = 0, wait_until = 0, seen_at = ?2`,
      key,
      now,
    );
    this.trim();
  }

  /** Forgets every key (destruction, a notepad's password change). */
  forget(): void {
    this.sql.exec(`DELETE FROM ${this.table}`);
  }

  private row(key: string | ArrayBuffer): LedgerRow | null {
    return (
      (this.sql.exec(`SELECT failures, waits, wait_until FROM ${this.table} WHERE key = ?`, key).toArray()[0] as
        | LedgerRow
        | undefined) ?? null
    );
  }

  private trim(): void {
    this.sql.exec(
      `DELETE FROM ${this.table} WHERE key IN
         (SELECT key FROM ${this.table} ORDER BY seen_at DESC, rowid DESC LIMIT -1 OFFSET ?)`,
      this.capacity,
    );
  }
}
