/**
 * Who may use up a note's tries (docs/SECURITY.md, "Who can do what"). A wrong guess counts only for someone who could
 * be guessing: never on a link-only note (a 256-bit key), only with the right linkProof on a v2 link+password note,
 * and per client (a keyed hash of its network) where the server cannot tell who holds the link.
 */
import { fromBase64Url } from "../crypto/base64url";
import { digestsEqual } from "./digest";
import type { Allowance, Ledger } from "./lockout";
import type { LiveRow } from "./secret-schema";

/** What a reader presents: SHA-256 of its proof, of its linkProof (v2 notes with a link key), and its client keys. */
export interface NoteProof {
  proofHash: ArrayBuffer;
  linkProofHash: ArrayBuffer | null;
  clients: string[];
}
/** A refused proof: what was wrong, the tries left before the note is destroyed (when counted), the wait it started. */
export type Denied = { outcome: "denied"; wrong: Wrong; triesLeft: number | null; retryAfter: number | null };
/** The client must wait before the note looks at its proofs again. */
export type Waiting = { outcome: "waiting"; retryAfter: number };
export type Refused = Denied | Waiting;
/** `key`: the link key (or linkProof); `password`; `either`: a v1 link+password note, which cannot tell; `token`. */
export type Wrong = "key" | "password" | "either" | "token";

/** What the note's object lends the rules: its storage, its client ledger, and destruction by lockout. */
export interface ProofContext {
  sql: SqlStorage;
  clients: Ledger;
  lockout(row: LiveRow, now: number): void;
}

/** Wrong proofs a client may send before it waits; on a password-only note these are the ones that count. */
export const PER_CLIENT_COUNTED = 3;
/**
 * After them each wrong proof doubles the client's wait from 1 s, for as long as the note lives. The wait is shared
 * by an IPv6 /48, like the allowance: otherwise each of its 65,536 /64s would get a guess of its own, uncounted.
 */
const NOTE_CLIENTS: Allowance = { free: PER_CLIENT_COUNTED, maxWaitSeconds: null, sharedWaits: true };

/** Which rule protects a note, from its header and whether it has a link verifier. */
export type Guard = "link-only" | "link-holders" | "password-only" | "v1-link-password";

export function guardOf(row: LiveRow): Guard {
  // The stored header passed the format's decoder at create; only two fields are read, so a later, stricter decoder
  // can never make a stored note unopenable.
  const { kdf, link } = JSON.parse(new TextDecoder().decode(fromBase64Url(row.header)!)) as {
    kdf: unknown;
    link: boolean;
  };
  if (kdf === null) return "link-only";
  if (!link) return "password-only";
  return row.link_verifier ? "link-holders" : "v1-link-password";
}

const denied = (wrong: Wrong, triesLeft: number | null = null, retryAfter: number | null = null): Denied => ({
  outcome: "denied",
  wrong,
  triesLeft,
  retryAfter,
});

/**
 * Null when the proofs are right (a counted check then resets the counts); otherwise why not. `counting` is false for
 * the re-check just before a view is consumed: that caller has just passed the counted check.
 */
export function checkNoteProof(
  ctx: ProofContext,
  row: LiveRow,
  proof: NoteProof,
  now: number,
  counting: boolean,
): Refused | null {
  const guard = guardOf(row);
  if (guard === "link-holders" && !(proof.linkProofHash && digestsEqual(proof.linkProofHash, row.link_verifier!))) {
    return denied("key");
  }
  const perClient = guard === "password-only" || guard === "v1-link-password";
  if (perClient && counting) {
    // While waiting, even a right proof is refused unchecked, or the wait would not slow guessing down.
    const wait = ctx.clients.waiting(proof.clients, now);
    if (wait !== null) return { outcome: "waiting", retryAfter: wait };
  }
  if (digestsEqual(proof.proofHash, row.verifier)) {
    if (counting && row.failed_proofs > 0) ctx.sql.exec("UPDATE secret SET failed_proofs = 0");
    if (counting && perClient) ctx.clients.clear(proof.clients);
    return null;
  }
  if (guard === "link-only") return denied("key");
  const wrong: Wrong = guard === "v1-link-password" ? "either" : "password";
  if (!counting) return denied(wrong);
  if (guard === "link-holders") return count(ctx, row, now);
  const strike = ctx.clients.fail(proof.clients, now, NOTE_CLIENTS);
  if (!strike.withinAllowance) return denied(wrong, null, strike.retryAfter);
  // A v1 link+password note cannot prove who holds its link, so nobody's wrong guesses may destroy it.
  return guard === "password-only" ? count(ctx, row, now) : denied(wrong);
}

/** A counted wrong password; the note's lockout limit destroys it (reason lockout), a tamper-evident seal. */
function count(ctx: ProofContext, row: LiveRow, now: number): Denied {
  const failed = row.failed_proofs + 1;
  ctx.sql.exec("UPDATE secret SET failed_proofs = ?", failed);
  const triesLeft = Math.max(0, row.lockout_limit - failed);
  if (triesLeft === 0) ctx.lockout(row, now);
  return denied("password", triesLeft);
}
