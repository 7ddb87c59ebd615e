/** The SQLite layout of a secret request's object (RequestObject), versioned like secret-schema.ts, and its states. */

/** Add a step whenever the layout changes (never edit a step); old objects upgrade on first use. */
export const REQUEST_MIGRATIONS: readonly string[] = [
  // public_key and description are NULL once the request has ended (revoked, or past keep_until); manage_hash stays for
  // the asker's status until retention ends. An answer keeps its note's manage hash, so that a revoke can delete it.
  `CREATE TABLE request (
     singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
     public_key TEXT,
     description TEXT,
     manage_hash BLOB NOT NULL,
     answers INTEGER NOT NULL,
     answers_left INTEGER NOT NULL,
     ttl INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     keep_until INTEGER NOT NULL,
     revoked_at INTEGER,
     ended_at INTEGER,
     retention_ms INTEGER NOT NULL
   );
   CREATE TABLE answer (
     note_id TEXT PRIMARY KEY, sealed_key TEXT NOT NULL, manage_hash BLOB NOT NULL, at INTEGER NOT NULL,
     note_until INTEGER NOT NULL);
   CREATE TABLE doomed_note (note_id TEXT PRIMARY KEY, manage_hash BLOB NOT NULL);`,
];

/** waiting: takes answers; answered: all it asked for came; expired: its time is up; revoked: its asker withdrew it. */
export type RequestState = "waiting" | "answered" | "expired" | "revoked";

/** The request's one row. Times are ms since the epoch; ttl in seconds. */
export interface RequestRow {
  public_key: string | null;
  description: string | null;
  manage_hash: ArrayBuffer;
  /** How many answers the asker asked for, and how many may still come. */
  answers: number;
  answers_left: number;
  ttl: number;
  created_at: number;
  /** When it stops taking answers (the wire's expiresAt). */
  expires_at: number;
  /** When its answers go: expires_at, or later while an answer's note may still be opened. */
  keep_until: number;
  revoked_at: number | null;
  /** When its key, description and answers were erased; everything goes retention_ms later. */
  ended_at: number | null;
  retention_ms: number;
}

/** One answer as stored: its note, the note's link key sealed to the asker, and the note's manage hash. */
export interface AnswerRow {
  note_id: string;
  sealed_key: string;
  manage_hash: ArrayBuffer;
  at: number;
  note_until: number;
}

/** Where a request stands at `now`; revoked first, then answered (also after its expiry), then expired. */
export function stateOf(row: RequestRow, now: number): RequestState {
  if (row.revoked_at !== null) return "revoked";
  if (row.answers_left === 0) return "answered";
  return now >= row.expires_at ? "expired" : "waiting";
}

/** The row, or null when the object holds nothing. */
export function loadRequest(sql: SqlStorage): RequestRow | null {
  return (sql.exec("SELECT * FROM request").toArray()[0] as unknown as RequestRow | undefined) ?? null;
}

/** The answers in the order they came. */
export function loadAnswers(sql: SqlStorage): AnswerRow[] {
  return sql.exec("SELECT * FROM answer ORDER BY rowid").toArray() as unknown as AnswerRow[];
}
