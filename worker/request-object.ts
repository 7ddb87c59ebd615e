/** RequestObject: the single authority on one secret request — its public key, lifetime, answers and revocation. */
import { digestsEqual } from "./digest";
import { logEvent } from "./log";
import { type Created, TOKEN_DENIED } from "./note-parts";
import type { Denied } from "./note-proofs";
import { loadAnswers, loadRequest, type RequestRow, stateOf } from "./request-schema";
import { RequestStore } from "./request-store";
import type { AnswerOutcome, CreateRequest, NewAnswer, RequestAnswers, RequestStatus } from "./request-types";
import { GONE, type Gone } from "./secret-object";

const NOT_CREATED: Created = { created: false };
/** What only the holder of the manage token may do is refused to anyone else, or the request is gone. */
type ForAsker<T> = T | Denied | Gone;

export class RequestObject extends RequestStore {
  /** Creates the request unless the id is in use; a repeat of the create that made it is answered as that one was. */
  async create(input: CreateRequest): Promise<Created> {
    return this.decide<Created>(
      NOT_CREATED,
      (now) => {
        if (loadRequest(this.sql)) {
          const row = this.current(now);
          return row && sameRequest(row, input) ? { created: true, expiresAt: row.expires_at } : NOT_CREATED;
        }
        const expiresAt = now + input.ttlSeconds * 1000;
        this.sql.exec(
          `INSERT INTO request (singleton, public_key, description, manage_hash, answers, answers_left, ttl, created_at,
           expires_at, keep_until, retention_ms) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          input.publicKey,
          input.description,
          input.manageHash,
          input.answers,
          input.answers,
          input.ttlSeconds,
          now,
          expiresAt,
          expiresAt,
          input.retentionSeconds * 1000,
        );
        logEvent("request.created");
        return { created: true, expiresAt };
      },
      true,
    );
  }

  /** The public side of a request that takes answers; null for every other (one answer for all). Consumes nothing. */
  async status(): Promise<RequestStatus | null> {
    return this.decide(null, (now) => {
      const row = this.current(now);
      if (!row || row.ended_at !== null || stateOf(row, now) !== "waiting") return null;
      const { public_key, description, expires_at: expiresAt, answers_left: answersLeft } = row;
      return { publicKey: public_key!, description, expiresAt, answersLeft };
    });
  }

  /** The key of a request not yet ended, for the Worker's check of an answer's request proof; consumes nothing. */
  async publicKey(): Promise<string | null> {
    return this.decide(null, (now) => {
      const row = this.current(now);
      return row && row.ended_at === null ? row.public_key : null;
    });
  }

  /**
   * Records an answer and takes one from those left, in one transaction, so that of racing answers to the last one
   * exactly one is accepted. The same answer again (note id, sealed key and note manage hash) is accepted again,
   * writing nothing new (the same lifetime too, or a replay could stretch it). Its note may live at most the request's
   * remaining time, or the shortest expiry choice.
   */
  async answer(input: NewAnswer): Promise<AnswerOutcome> {
    return this.decide<AnswerOutcome>(GONE, (now) => {
      const row = this.current(now);
      if (!row || row.ended_at !== null) return GONE;
      const given = this.answerRow(input.noteId);
      if (given) {
        const sameTtl = given.note_until - given.at === input.ttlSeconds * 1000;
        if (given.sealed_key !== input.sealedKey || !digestsEqual(given.manage_hash, input.manageHash) || !sameTtl) {
          return { outcome: "taken" };
        }
        // A retry may create the note only now: the answers stay for as long as that note can live.
        this.keepUntil(now + input.ttlSeconds * 1000);
        return { outcome: "accepted", repeat: true };
      }
      const state = stateOf(row, now);
      if (state === "answered") return { outcome: "answered" };
      if (state !== "waiting") return GONE;
      const left = row.expires_at - now;
      if (input.ttlSeconds * 1000 > Math.max(left, input.shortestTtlSeconds * 1000)) {
        return { outcome: "too-long", secondsLeft: Math.floor(left / 1000) };
      }
      const noteUntil = now + input.ttlSeconds * 1000;
      this.sql.exec(
        "INSERT INTO answer (note_id, sealed_key, manage_hash, at, note_until) VALUES (?, ?, ?, ?, ?)",
        input.noteId,
        input.sealedKey,
        input.manageHash,
        now,
        noteUntil,
      );
      this.sql.exec("UPDATE request SET answers_left = answers_left - 1");
      this.keepUntil(noteUntil);
      logEvent("request.answered");
      return { outcome: "accepted", repeat: false };
    });
  }

  /** Whether the answer with this note is still the request's: a withdrawal may have come before its note did. */
  async holds(noteId: string, manageHash: ArrayBuffer): Promise<boolean> {
    return this.decide(false, (now) => {
      const row = this.current(now);
      const given = this.answerRow(noteId);
      return row?.ended_at === null && given !== undefined && digestsEqual(given.manage_hash, manageHash);
    });
  }

  /** Undoes an accepted answer whose note id turned out to be another note's: the answer is free again. */
  async withdraw(noteId: string, manageHash: ArrayBuffer): Promise<void> {
    await this.decide(undefined, (now) => {
      const row = this.current(now);
      const given = this.answerRow(noteId);
      if (!row || row.ended_at !== null || !given || !digestsEqual(given.manage_hash, manageHash)) return;
      this.sql.exec("DELETE FROM answer WHERE note_id = ?", noteId);
      this.sql.exec("UPDATE request SET answers_left = answers_left + 1");
    });
  }

  /** The asker's view (state and answers) for the holder of the manage token; it outlives the request a while. */
  async answers(manageHash: ArrayBuffer): Promise<ForAsker<{ outcome: "ok"; view: RequestAnswers }>> {
    return this.decide<ForAsker<{ outcome: "ok"; view: RequestAnswers }>>(GONE, (now) => {
      const row = this.current(now);
      if (!row) return GONE;
      if (!digestsEqual(manageHash, row.manage_hash)) return TOKEN_DENIED;
      const answers = loadAnswers(this.sql).map((a) => ({
        noteId: a.note_id,
        sealedKey: a.sealed_key,
        at: a.at,
        manageHash: a.manage_hash,
      }));
      const view = { state: stateOf(row, now), expiresAt: row.expires_at, answersLeft: row.answers_left, answers };
      return { outcome: "ok", view };
    });
  }

  /** The asker withdraws the request: no more answers, and the answers' notes are deleted. Safe to repeat. */
  async revoke(manageHash: ArrayBuffer): Promise<ForAsker<{ outcome: "revoked" }>> {
    return this.decide<ForAsker<{ outcome: "revoked" }>>(GONE, (now) => {
      const row = this.current(now);
      if (!row) return GONE;
      if (!digestsEqual(manageHash, row.manage_hash)) return TOKEN_DENIED;
      if (row.revoked_at === null) {
        this.sql.exec("UPDATE request SET revoked_at = ?", now);
        if (row.ended_at === null) this.end(now);
        logEvent("request.revoked");
      }
      return { outcome: "revoked" };
    });
  }
}

/** Whether `input` is the create that made `row` (not ended): the manage token in constant time, the rest exactly. */
function sameRequest(row: RequestRow, input: CreateRequest): boolean {
  return (
    row.ended_at === null &&
    digestsEqual(input.manageHash, row.manage_hash) &&
    row.public_key === input.publicKey &&
    row.description === input.description &&
    row.answers === input.answers &&
    row.ttl === input.ttlSeconds
  );
}
