// What the clients were told, kept in memory as the workload runs: every acknowledged create, delivered open, pad
// save and failure. The audit judges the server's final state against this record and nothing else.

/** An empty record of one run; `t0` is the run's start (failure times are kept relative to it). */
export function ledger(t0 = Date.now()) {
  return {
    t0,
    /** Acknowledged notes of the workload, by id. */
    notes: new Map(),
    /** Acknowledged notes with a 60 s lifetime, never opened: only their expiry alarm may destroy them. */
    expiring: [],
    /** Shared notepads by name: their password and every save a writer sent. */
    pads: new Map(),
    /** Operations that failed after the SDK's own retries: {op, kind, message, at}. */
    failures: [],
    /** What the client saw, by kind of operation and outcome. */
    counts: {},
    /** Things a client refused or noticed that can only be the server's fault (content mismatch, a rollback). */
    anomalies: [],
  };
}

/** Counts one outcome of one kind of operation ("open", "delivered"). */
export function count(record, op, outcome) {
  const key = `${op} ${outcome}`;
  record.counts[key] = (record.counts[key] ?? 0) + 1;
}

/** The short name of an error as the audit groups them: "ApiError 503", "SdkError gone", "TypeError". */
export function kindOf(error) {
  if (error?.name === "ApiError") return `ApiError ${error.status}`;
  if (error?.name === "SdkError") return `SdkError ${error.code}`;
  return error?.name ?? typeof error;
}

/** True for the SDK's "this note or notepad does not exist (any more)". */
export const isGone = (error) => error?.name === "SdkError" && error.code === "gone";

/**
 * Records a failed operation (after the SDK's retries) and counts it; resolves after a short pause, so that a loop
 * meeting a server that is down waits for it like a person would instead of spinning.
 */
export function failed(record, op, error) {
  const kind = kindOf(error);
  record.failures.push({ op, kind, message: String(error?.message ?? error), at: Date.now() - record.t0 });
  count(record, op, "failed");
  return new Promise((r) => setTimeout(r, 300));
}

/** A new note's entry: what was asked and acknowledged, and what happened to it since. */
export function noteEntry(sent, hash, keepOne) {
  return {
    id: sent.id,
    link: sent.link,
    manageLink: sent.manageLink,
    views: sent.views,
    expiresAt: sent.expiresAt,
    hash,
    /** Readers leave its last view to the audit, so that the audit has views to redeem. */
    keepOne,
    delivered: 0,
    /** Opens that failed after the request went out: each may or may not have consumed a view. */
    failedOpens: 0,
    /** The grants those failed opens sent (retries send the same one). */
    failedGrants: [],
    /** The public header from a reader's inspect (the SDK's NoteInfo). */
    info: null,
    /** Opens answered "gone"; wrong if the note still had views then (views never come back). */
    goneAnswers: 0,
    inFlight: 0,
    /** null, or how a revoke ended: "acked", "gone" (already destroyed), "unknown" (it failed). */
    revoked: null,
  };
}

/**
 * Counts how a call whose answer a crash cut ended: "completed" (the SDK's retry got the first attempt's outcome),
 * "failed" (its retries ran out), or refused (a 4xx: the server did not recognise the retry of what it had done,
 * which breaks SPEC §1, so it is also an anomaly).
 */
export function cutOutcome(record, context, what, outcome, error) {
  if (!context.cut) return;
  count(record, `cut ${what}`, outcome);
  if (outcome === "refused")
    record.anomalies.push(`a ${what} whose answer a crash cut was refused on retry: ${error?.message}`);
}
