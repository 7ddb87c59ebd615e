/** The SQLite layout of note and notepad objects, versioned so that later releases migrate it in place. */
import type { DestroyReason } from "../protocol/wire";

/** Add a step to MIGRATIONS whenever the layout changes (never edit a step); old objects upgrade on first use. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE secret (
     singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
     kind TEXT NOT NULL,
     body_key TEXT NOT NULL,
     header TEXT,
     wrapped_key TEXT,
     verifier BLOB,
     manage_hash BLOB,
     views_left INTEGER,
     expires_at INTEGER NOT NULL,
     failed_proofs INTEGER NOT NULL DEFAULT 0,
     lockout_limit INTEGER NOT NULL,
     retention_ms INTEGER NOT NULL,
     version INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL,
     destroyed_at INTEGER,
     reason TEXT,
     locked_until INTEGER NOT NULL DEFAULT 0
   );
   CREATE TABLE doomed_body (key TEXT PRIMARY KEY);
   CREATE TABLE event (seq INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, at INTEGER NOT NULL, reason TEXT);`,
  // Step 2 (issue 11): v2 notes' link verifier (NULL on older rows: v1, or no link key); wrong guesses counted per
  // client (a keyed hash of its network, never an address) and per known device of a notepad (SHA-256 of its token).
  `ALTER TABLE secret ADD COLUMN link_verifier BLOB;
   CREATE TABLE client (
     key TEXT PRIMARY KEY, failures INTEGER NOT NULL DEFAULT 0, waits INTEGER NOT NULL DEFAULT 0,
     wait_until INTEGER NOT NULL DEFAULT 0, seen_at INTEGER NOT NULL);
   CREATE TABLE device (
     key BLOB PRIMARY KEY, failures INTEGER NOT NULL DEFAULT 0, waits INTEGER NOT NULL DEFAULT 0,
     wait_until INTEGER NOT NULL DEFAULT 0, seen_at INTEGER NOT NULL);`,
  // Step 3 (issue 12): bodies as bytes. A note's body is stored in `parts` parts (NULL: older rows, whose one body is
  // body_key), each recorded in `part` once in KV; body_size is the whole ciphertext's length (NULL on older rows).
  // upload_until: while parts are missing, when the upload counts as abandoned. A download grant (SHA-256 of its token)
  // lets the reader who consumed a view resume for a while; hold_until keeps a burned note's parts until they end.
  `ALTER TABLE secret ADD COLUMN parts INTEGER;
   ALTER TABLE secret ADD COLUMN body_size INTEGER;
   ALTER TABLE secret ADD COLUMN upload_until INTEGER;
   ALTER TABLE secret ADD COLUMN hold_until INTEGER;
   CREATE TABLE part (idx INTEGER PRIMARY KEY, key TEXT NOT NULL, size INTEGER NOT NULL);
   CREATE TABLE grant (hash BLOB PRIMARY KEY, until INTEGER NOT NULL);`,
  // Step 4 (issue 13): a retry finds its first attempt done. A grant keeps the open's answer for its reader: the wrapped
  // key sealed under a key derived from the grant token (the server holds only the token's hash, so the burn still
  // shreds) and the views left. A notepad remembers the ids of its recent saves and the version each made.
  `ALTER TABLE grant ADD COLUMN escrow TEXT;
   ALTER TABLE grant ADD COLUMN views_left INTEGER;
   CREATE TABLE recent_save (id BLOB PRIMARY KEY, version INTEGER NOT NULL);`,
];

export type { DestroyReason };

/** A note's or notepad's row. Its only secrets are the wrapped key and digests, nulled on destruction. */
export interface SecretRow {
  kind: "note" | "pad";
  body_key: string;
  header: string | null;
  wrapped_key: string | null;
  verifier: ArrayBuffer | null;
  manage_hash: ArrayBuffer | null;
  views_left: number | null;
  expires_at: number;
  failed_proofs: number;
  lockout_limit: number;
  retention_ms: number;
  version: number;
  created_at: number;
  destroyed_at: number | null;
  reason: DestroyReason | null;
  /** Pads: the pad-wide wait (seconds at most); notes do not use it. */
  locked_until: number;
  /** v2 notes with a link key: SHA-256(linkAuth); NULL for everything else and for rows older than schema step 2. */
  link_verifier: ArrayBuffer | null;
  /** Notes since step 3: how many parts the body is stored in (see `part`); NULL when body_key is the whole body. */
  parts: number | null;
  /** The ciphertext's length in bytes; NULL on rows older than step 3. */
  body_size: number | null;
  /** A note whose parts are not all stored yet: when its upload is abandoned. NULL once complete (and on older rows). */
  upload_until: number | null;
  /** A burned note whose body is kept for its download grants: when the last one ends. */
  hold_until: number | null;
}

/** A row that is not destroyed, so its key material is there: what every policy decision works on. */
export interface LiveRow extends SecretRow {
  header: string;
  wrapped_key: string;
  verifier: ArrayBuffer;
  destroyed_at: null;
}

/** True for a row that is not destroyed and still holds its header, wrapped key and verifier. */
export function isLive(row: SecretRow): row is LiveRow {
  // destroy() nulls all three in the statement that sets destroyed_at, so only a destroyed row lacks them.
  return row.destroyed_at === null && row.header !== null && row.wrapped_key !== null && row.verifier !== null;
}

/** Brings the tables up to the current layout (`steps`: another object kind's own); cheap when they already are. */
export function migrate(sql: SqlStorage, steps: readonly string[] = MIGRATIONS): void {
  sql.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
  const row = sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'schema'").toArray()[0];
  const done = row?.value ?? 0;
  for (const [step, ddl] of steps.entries()) {
    if (step < done) continue;
    sql.exec(ddl);
    sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)", step + 1);
  }
}

/** The row, or null when the object holds nothing. */
export function loadRow(sql: SqlStorage): SecretRow | null {
  return (sql.exec("SELECT * FROM secret").toArray()[0] as unknown as SecretRow | undefined) ?? null;
}
