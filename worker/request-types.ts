/** What RequestObject's methods (request-object.ts) take and answer; hashes are SHA-256 digests as ArrayBuffers. */
import type { RequestState } from "./request-schema";
import type { Gone } from "./secret-object";

/** The request as its asker describes it (POST /api/requests), the manage token as its SHA-256. */
export interface CreateRequest {
  publicKey: string;
  description: string | null;
  manageHash: ArrayBuffer;
  answers: number;
  ttlSeconds: number;
  retentionSeconds: number;
}
/** What an answerer sees of a request that takes answers. */
export interface RequestStatus {
  publicKey: string;
  description: string | null;
  expiresAt: number;
  answersLeft: number;
}
/** An answer: its note's id and manage hash, the note's link key sealed to the asker, the note's lifetime. */
export interface NewAnswer {
  noteId: string;
  sealedKey: string;
  manageHash: ArrayBuffer;
  ttlSeconds: number;
  /** The instance's shortest expiry choice: always allowed, or a request near its end could not be answered. */
  shortestTtlSeconds: number;
}
/** accepted: recorded now, or before by this same answer (`repeat`); answered: none left; taken: the id is another's. */
export type AnswerOutcome =
  | { outcome: "accepted"; repeat: boolean }
  | { outcome: "answered" }
  | { outcome: "taken" }
  | { outcome: "too-long"; secondsLeft: number }
  | Gone;
/** One answer for the asker, with its note's manage hash (the Worker asks the note how it stands, then drops it). */
export interface StoredAnswer {
  noteId: string;
  sealedKey: string;
  at: number;
  manageHash: ArrayBuffer;
}
/** The asker's view of the request. */
export interface RequestAnswers {
  state: RequestState;
  expiresAt: number;
  answersLeft: number;
  answers: StoredAnswer[];
}
