/**
 * The asker's secrets: a fresh key pair, manage token and description key make a request; the private link carries
 * the private key and token back to this page, which unseals each answer's link key with them.
 */
import { toBase64Url } from "../../../crypto/base64url";
import {
  decodePrivateLink,
  encodePrivateLink,
  encodeRequestFragment,
  newRequest,
  openAnswerKey,
  sealDescription,
} from "../../../crypto/index";
import { SAME_ORIGIN } from "../../../protocol/http";
import { createRequest } from "../../../protocol/requests";
import type { RequestAnswer } from "../../../protocol/wire";

/** What the asker chose on the form. */
export interface Choices {
  ttl: number;
  answers: number;
  description: string;
}

/** A request the server now holds: the link to send, and the private fragment only the asker keeps. */
export interface Made {
  id: string;
  requestLink: string;
  privateFragment: string;
  expiresAt: number;
}

/** Draws the keys, seals the description (if any) and stores the request; nothing secret leaves the page. */
export async function makeRequest(choices: Choices): Promise<Made> {
  const request = await newRequest();
  const { id } = request;
  const text = choices.description.trim() === "" ? null : choices.description;
  const description = text === null ? null : await sealDescription(request.descriptionKey, id, text);
  const created = await createRequest(SAME_ORIGIN, {
    id,
    publicKey: toBase64Url(request.Q),
    description,
    answers: choices.answers,
    ttl: choices.ttl,
    manageToken: toBase64Url(request.manageToken),
  });
  // Without a description its key has nothing to open, so the request link leaves it out.
  const fragment = encodeRequestFragment(request.fp, text === null ? null : request.descriptionKey);
  return {
    id,
    requestLink: `${location.origin}/r/${id}#${fragment}`,
    privateFragment: encodePrivateLink(request),
    expiresAt: created.expiresAt,
  };
}

/** The asker's keys from the private link's fragment, or null when it is missing or damaged. */
export type AskerKeys = NonNullable<ReturnType<typeof askerKeys>>;
export function askerKeys(fragment: string | null) {
  if (!fragment) return null;
  try {
    const keys = decodePrivateLink(fragment);
    return { ...keys, token: toBase64Url(keys.manageToken) };
  } catch {
    return null;
  }
}

/** The note page's link for one answer: its link key unsealed with the private key (bound to this request and note). */
export async function answerLink(id: string, keys: AskerKeys, answer: RequestAnswer): Promise<string> {
  const key = await openAnswerKey(id, answer.noteId, keys.d, keys.Q, answer.sealedKey);
  return `/n/${answer.noteId}#${toBase64Url(key)}`;
}
