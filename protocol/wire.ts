/** The JSON the API speaks (docs/API.md), declared once for the pages, the CLI and its SDK. Bytes are base64url. */

/** GET /api/config: the instance's limits and choices. */
export interface Config {
  instanceName: string;
  maxBodyBytes: number;
  maxViews: number;
  minTtl: number;
  maxTtl: number;
  defaultTtl: number;
  expiryChoices: number[];
  minKdfIterations: number;
  defaultKdfIterations: number;
  lockoutLimit: number;
  /** Instance policy switches; absent on older servers, which means off. */
  oneTimeOnly?: boolean;
  passwordRequired?: boolean;
  notepads?: boolean;
  footerText?: string;
  footerLink?: string;
}

/** POST /api/notes: a sealed note; `id` is chosen by the client because it is bound into the crypto. */
export interface NewNote {
  id: string;
  header: string;
  wrappedKey: string;
  verifier: string;
  body: string;
  views: number | null;
  ttl: number;
  /** Format v2 notes with a link key: SHA-256 of the link-auth value, so only link holders' wrong passwords count. */
  linkVerifier?: string;
}
/** What a reader or pad owner sends to prove knowledge of the key (docs/API.md). */
export interface Proofs {
  /** authKey from the link key and/or password. */
  proof: string;
  /** Format v2 notes with a link key: the link-auth value derived from the link key alone. */
  linkProof?: string;
  /** Notepads: this device's credential from an earlier open or save; a right password with it always gets in. */
  device?: string;
}
/** 201 answer to POST /api/notes; `manageToken` is shown once and never stored by the server. */
export interface Created {
  id: string;
  expiresAt: number;
  viewsLeft: number | null;
  manageToken: string;
}
/** GET /api/notes/:id: public and non-consuming. */
export interface NoteStatus {
  id: string;
  header: string;
  expiresAt: number;
  viewsLeft: number | null;
}
/** POST /api/notes/:id/open: one view consumed. */
export interface Opened {
  wrappedKey: string;
  body: string;
  viewsLeft: number | null;
}

/** Why a note was destroyed: read to the last view, expired, revoked, or too many wrong passwords. */
export type DestroyReason = "burned" | "expired" | "deleted" | "lockout";
/** One content-free event in a note's life (milliseconds since the epoch). */
export interface ReceiptEvent {
  type: "created" | "opened" | "destroyed";
  at: number;
  reason?: DestroyReason;
}
/** GET /api/notes/:id/receipt: content-free status and event log for the holder of the manage token. */
export interface Receipt {
  state: "live" | "destroyed";
  createdAt: number;
  expiresAt: number;
  viewsLeft: number | null;
  reason: DestroyReason | null;
  events: ReceiptEvent[];
}

/** GET /api/pads/:slug: public header and version. */
export interface PadStatus {
  slug: string;
  header: string;
  version: number;
}
/** POST /api/pads/:slug/open */
export interface PadOpened {
  wrappedKey: string;
  body: string;
  version: number;
  /** A fresh device credential, returned once when the request carried no valid one; keep it for this address. */
  device?: string;
}
/** PUT /api/pads/:slug: create (version 0, no proof), save (body), change password (verifier, no body). */
export interface PadPut {
  version: number;
  header: string;
  wrappedKey: string;
  body?: string;
  verifier?: string;
  proof?: string;
  device?: string;
}
/** 200 answer to PUT; a 409 carries the current version in the error body instead. */
export interface PadSaved {
  version: number;
  /** As in PadOpened: a fresh device credential when the request carried no valid one. */
  device?: string;
}
