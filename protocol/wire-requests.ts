/** The JSON of the secret request routes (docs/API.md, "Requests"); re-exported by wire.ts. */
import type { NewNote } from "./wire";

/** POST /api/requests: a secret request; `id` is chosen by the client because it is bound into the fingerprint. */
export interface NewRequest {
  id: string;
  /** The asker's P-256 public key, uncompressed (65 bytes), base64url. */
  publicKey: string;
  /** The encrypted description (docs/FORMAT.md, "Requests"), or null for none. */
  description: string | null;
  /** How many answers it accepts (1 up to maxViews). */
  answers: number;
  /** One of the instance's expiry choices, in seconds. */
  ttl: number;
  /** 32 random bytes from a CSPRNG, in the asker's private link: a retry with it is answered as the first create. */
  manageToken: string;
}
/** 201 answer to POST /api/requests. */
export interface RequestCreated {
  id: string;
  expiresAt: number;
}
/** GET /api/requests/:id: public and non-consuming; a gone request is a 404. */
export interface RequestInfo {
  id: string;
  publicKey: string;
  description: string | null;
  expiresAt: number;
  answersLeft: number;
}
/** POST /api/requests/:id/answers: the answer's note (as POST /api/notes takes it) and its link key sealed to the asker. */
export interface NewAnswer {
  note: NewNote;
  /** 125 bytes, base64url: only the asker's private key opens it. */
  sealedKey: string;
}
/** One answer as the asker sees it: the note to open, and its link key sealed to the asker. */
export interface RequestAnswer {
  noteId: string;
  sealedKey: string;
  at: number;
  /** How the answer's note stands: still uploading (wait a moment), live (open it) or gone; absent when unknown. */
  note?: "uploading" | "live" | "gone";
  /** Set once the answer's note was opened. */
  opened?: boolean;
}
/** GET /api/requests/:id/answers: content-free state for the holder of the request's manage token. */
export interface RequestAnswers {
  state: "waiting" | "answered" | "expired" | "revoked";
  expiresAt: number;
  answersLeft: number;
  answers: RequestAnswer[];
}
