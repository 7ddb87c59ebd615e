/**
 * The JSON the API speaks (docs/API.md), declared once for the pages, the CLI and its SDK. Keys and proofs are
 * base64url; bodies never travel in JSON: they are application/octet-stream, their metadata in one header.
 */

/** GET /api/config: the instance's limits and choices. */
export interface Config {
  instanceName: string;
  /** A note's payload (text and files) at most; its ciphertext travels and is stored in parts. */
  maxBodyBytes: number;
  /** A notepad's payload at most: a pad body is always one part. */
  maxPadBytes: number;
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
  /** The languages the pages are offered in (codes, the default first); absent on older servers. */
  languages?: string[];
}

/** POST /api/notes: a sealed note; `id` is chosen by the client because it is bound into the crypto. */
export interface NewNote {
  id: string;
  header: string;
  wrappedKey: string;
  verifier: string;
  views: number | null;
  ttl: number;
  /** The whole ciphertext's length in bytes; the server answers the part sizes to upload it in. */
  size: number;
  /** Format v2 notes with a link key: SHA-256 of the link-auth value, so only link holders' wrong passwords count. */
  linkVerifier?: string;
  /**
   * 32 random bytes from a CSPRNG (createNote draws them when absent): the server keeps their SHA-256 and answers a
   * retry of this same request as it answered the first. Absent on the wire, the server draws one.
   */
  manageToken?: string;
}
/** What a reader or pad owner sends to prove knowledge of the key (docs/API.md). */
export interface Proofs {
  /** authKey from the link key and/or password. */
  proof: string;
  /** Format v2 notes with a link key: the link-auth value derived from the link key alone. */
  linkProof?: string;
  /** Notepads: this device's credential from an earlier open or save; a right password with it always gets in. */
  device?: string;
  /**
   * Note opens: the download grant the reader chooses, 32 random bytes from a CSPRNG (openNote draws them when
   * absent); a retry of the open with it is answered as the first, consuming nothing, while the grant lasts.
   */
  grant?: string;
}
/** 201 answer to POST /api/notes; `manageToken` is shown once and never stored by the server. */
export interface Created {
  id: string;
  expiresAt: number;
  viewsLeft: number | null;
  manageToken: string;
  /** Sizes of the parts to PUT, in order; the note is invisible to readers until every one is stored. */
  parts: number[];
}
/** 200 answer to PUT /api/notes/:id/parts/:n. */
export interface PartStored {
  part: number;
  partsStored: number;
  parts: number;
  /** The last part is stored: the note is readable from now on. */
  complete: boolean;
}
/** GET /api/notes/:id: public and non-consuming. */
export interface NoteStatus {
  id: string;
  header: string;
  expiresAt: number;
  viewsLeft: number | null;
  /** The ciphertext's length; null for notes stored before bodies had parts. */
  size: number | null;
}
/** POST /api/notes/:id/open: one view consumed; this is its `Hushnote-Open` header, the body follows as bytes. */
export interface NoteOpenMeta {
  wrappedKey: string;
  viewsLeft: number | null;
  /** The body's length; null for notes stored before bodies had parts (then no Content-Length either). */
  size: number | null;
  /** Reads the body again (GET …/body, with Range) until grantExpiresAt, so a broken download resumes. */
  grant: string;
  grantExpiresAt: number;
}

/** Why a note was destroyed: read to the last view, expired, revoked, too many wrong passwords, or never uploaded. */
export type DestroyReason = "burned" | "expired" | "deleted" | "lockout" | "incomplete";
/** One content-free event in a note's life (milliseconds since the epoch). */
export interface ReceiptEvent {
  type: "created" | "opened" | "destroyed";
  at: number;
  reason?: DestroyReason;
}
/** GET /api/notes/:id/receipt: content-free status and event log for the holder of the manage token. */
export interface Receipt {
  /** "uploading" until every part of the body is stored: readers cannot see the note yet. */
  state: "uploading" | "live" | "destroyed";
  /** Parts of the body stored so far, and how many it has (1 for notes stored before parts). */
  partsStored: number;
  parts: number;
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
/** POST /api/pads/:slug/open: its `Hushnote-Open` header; the body follows as bytes. */
export interface PadOpenMeta {
  wrappedKey: string;
  version: number;
  /** The body's length; null for pads saved before sizes were recorded. */
  size: number | null;
  /** A fresh device credential, returned once when the request carried no valid one; keep it for this address. */
  device?: string;
}
/**
 * PUT /api/pads/:slug: create (version 0, no proof), save (with a body), change password (verifier, no body). With a
 * body these fields travel in the `Hushnote-Save` header; without one they are the JSON request.
 */
export interface PadPut {
  version: number;
  header: string;
  wrappedKey: string;
  verifier?: string;
  proof?: string;
  device?: string;
  /** 16 random bytes from a CSPRNG (putPad draws them per save when absent): a retry of this save is answered as it. */
  saveId?: string;
}
/** 200 answer to PUT; a 409 carries the current version in the error body instead. */
export interface PadSaved {
  version: number;
  /** As in PadOpenMeta: a fresh device credential when the request carried no valid one. */
  device?: string;
}

/** Secret requests (docs/API.md, "Requests"), declared beside the notes' types they build on. */
export type * from "./wire-requests";
