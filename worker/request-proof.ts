/**
 * The request proof (docs/FORMAT.md §12.4): only who holds the request link may read a request's key or answer it,
 * since its id alone is in both links' paths. A missing or wrong proof is answered as an unknown request.
 */
import type { IRequest } from "itty-router";
import { fromBase64Url } from "../crypto/base64url";
import { requestFingerprint, requestProof } from "../crypto/request";

export const PROOF_HEADER = "Hushnote-Request-Proof";

/** Whether the request carries the proof for request `id` whose stored key is `publicKey` (null: none to prove). */
export async function proofHolds(request: IRequest, id: string, publicKey: string | null): Promise<boolean> {
  const given = fromBase64Url(request.headers.get(PROOF_HEADER) ?? "");
  const Q = publicKey === null ? null : fromBase64Url(publicKey);
  if (given?.length !== 32 || !Q) return false;
  const expected = await requestProof(await requestFingerprint(id, Q));
  return crypto.subtle.timingSafeEqual(given, expected);
}
