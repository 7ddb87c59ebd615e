/**
 * What an open answers besides the body, and the answer to its repeat: a reader whose first answer was lost retries
 * with the same grant and gets the same wrapped key, views left and whole body, from the grant's escrow.
 */
import { toBase64Url } from "../crypto/base64url";
import { bodyResponse, openParts } from "./body-stream";
import { randomToken } from "./digest";
import { retryLater, StatusError } from "./errors";
import { openEscrow } from "./grant-escrow";
import type { NoteProof, Repeat } from "./note-object";
import { readNoteProofFrom } from "./notes";
import { readSmallJson } from "./request-body";
import * as valid from "./validate";

/** Note bodies can be fetched again by byte range (pads cannot), and say so. */
export const RANGES = { "Accept-Ranges": "bytes" };

/** An open's JSON, read once: the reader's proofs, and its grant (drawn here when the client sent none). */
export async function readOpenRequest(request: Request, env: Env): Promise<{ proof: NoteProof; grant: Uint8Array }> {
  const input = await readSmallJson(request);
  const proof = await readNoteProofFrom(input, request, env);
  const grant = input.grant == null ? randomToken() : valid.exactBytes(input.grant, 32, "grant");
  return { proof, grant };
}

/** The headers of an open's answer: Hushnote-Open, the same for the first answer and every repeat of it. */
export function openMeta(
  wrappedKey: string,
  viewsLeft: number | null,
  size: number | null,
  grant: Uint8Array,
  grantExpiresAt: number,
): Record<string, string> {
  const meta = { wrappedKey, viewsLeft, size, grant: toBase64Url(grant), grantExpiresAt };
  return { ...RANGES, "Hushnote-Open": JSON.stringify(meta) };
}

/** A repeat: the escrow unsealed with the grant (a grant it was not sealed for is refused), and the whole body. */
export async function answerRepeat(env: Env, grant: Uint8Array, repeat: Repeat): Promise<Response> {
  const wrappedKey = await openEscrow(grant, repeat.escrow);
  if (wrappedKey === null) throw noGrant();
  const opened = await openParts(env.NOTES, repeat.parts);
  if (!opened) throw retryLater(503, 2, "The note's body is not readable here just now. Try again in a moment.");
  const meta = openMeta(wrappedKey, repeat.viewsLeft, repeat.size, grant, repeat.grantExpiresAt);
  return bodyResponse(env.NOTES, repeat.parts, null, opened, meta);
}

/** A grant this note did not issue (or whose escrow it does not open). */
export function noGrant(): StatusError {
  return new StatusError(403, "That download grant is not one this note issued.");
}

/** Releases the KV reads of an open that will not be answered with them. */
export async function cancelAll(streams: ReadableStream<Uint8Array>[]): Promise<void> {
  await Promise.all(streams.map((stream) => stream.cancel().catch(() => undefined)));
}
