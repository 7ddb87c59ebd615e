/**
 * Sending an answer: the text becomes an ordinary one-time v2 note with a fresh link key, and that key is sealed to
 * the asker's checked public key, so only the asker's private link opens it. A retry after a failure sends the very
 * same answer (same note id, same sealed key), which the server answers as the first.
 */
import { generateLinkKey, generateNoteId, seal, sealAnswerKey } from "../../../crypto/index";
import { SAME_ORIGIN } from "../../../protocol/http";
import { randomKey } from "../../../protocol/request-shapes";
import { answerRequest } from "../../../protocol/requests";
import { uploadBody } from "../../../protocol/transfer";
import type { Config } from "../../../protocol/wire";

/** The request being answered, as checked against its link. */
export interface Checked {
  id: string;
  /** The request proof (b64u) from the link's fingerprint: the server answers a request without it as unknown. */
  proof: string;
  /** The asker's public key, already matched with the link's fingerprint. */
  publicKey: Uint8Array;
  expiresAt: number;
}

/** The answer's lifetime: the longest expiry choice the request outlives, so it is never kept past the request. */
export function answerTtl(config: Config, expiresAt: number, now = Date.now()): number {
  const left = Math.floor((expiresAt - now) / 1000);
  const fitting = config.expiryChoices.filter((ttl) => ttl <= left);
  return fitting.length ? Math.max(...fitting) : Math.min(...config.expiryChoices);
}

interface Prepared {
  text: string;
  noteId: string;
  manageToken: string;
  body: Uint8Array;
  answer: Parameters<typeof answerRequest>[3];
}
let prepared: Prepared | null = null;

async function prepare(request: Checked, config: Config, text: string): Promise<Prepared> {
  const noteId = generateNoteId();
  const linkKey = generateLinkKey();
  const ttl = answerTtl(config, request.expiresAt);
  const sealed = await seal(
    { text, tabs: [], files: [] },
    { kind: "note", id: noteId, views: 1, ttl, linkKey, version: 2 },
  );
  const sealedKey = await sealAnswerKey(request.id, noteId, request.publicKey, linkKey);
  // The link key is in the sealed key now; this page forgets it.
  linkKey.fill(0);
  const manageToken = randomKey(32);
  const note = {
    id: noteId,
    header: sealed.header,
    wrappedKey: sealed.wrappedKey,
    verifier: sealed.verifier,
    linkVerifier: sealed.linkVerifier ?? undefined,
    views: 1,
    ttl,
    size: sealed.body.length,
    manageToken,
  };
  return { text, noteId, manageToken, body: sealed.body, answer: { note, sealedKey } };
}

async function* once(body: Uint8Array): AsyncGenerator<Uint8Array> {
  yield body;
}

/** Seals (or reuses the answer already sealed for this same text) and sends it; resolves once it is all stored. */
export async function sendAnswer(request: Checked, config: Config, text: string): Promise<void> {
  if (prepared?.text !== text) prepared = await prepare(request, config, text);
  const { noteId, manageToken, body, answer } = prepared;
  const created = await answerRequest(SAME_ORIGIN, request.id, request.proof, answer);
  await uploadBody(SAME_ORIGIN, noteId, manageToken, created.parts, once(body));
  prepared = null;
}

/** Whether an answer is sealed but not yet stored (a failed send that Send will retry). */
export const pending = () => prepared !== null;

/** The request closed: the sealed answer can never be stored, so it is dropped. */
export function discard(): void {
  prepared = null;
}
