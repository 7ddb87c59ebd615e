/**
 * respond: answer a secret request with an ordinary one-time v2 note whose link key is sealed to the asker's public
 * key, after checking that key against the fingerprint in the request link (a server cannot slip in its own).
 */

import { toBase64Url } from "../../../crypto/base64url";
import {
  CorruptEnvelopeError,
  checkRequestKey,
  openDescription,
  type Payload,
  RequestKeyMismatchError,
  requestProof,
  sealAnswerKey,
} from "../../../crypto/index";
import {
  ApiError,
  answerRequest,
  type Config,
  getConfig,
  type RequestInfo,
  requestStatus,
} from "../../../protocol/index";
import { SdkError } from "./errors";
import { parseRequestLink, type RequestLink } from "./request-links";
import { type SendStreamFile, sendVia } from "./send";

/** What a request asks, from the public GET that changes nothing; the public key is already checked. */
export interface RequestDetails {
  server: string;
  id: string;
  /** The asker's description, decrypted with the key in the request link; null when it has none. */
  description: string | null;
  expiresAt: number;
  answersLeft: number;
  publicKey: Uint8Array;
}

/** What respond takes: the request link and the secret (text, tabs, files read as they are sent). */
export interface RespondOptions {
  link: string;
  text?: string;
  tabs?: Payload["tabs"];
  files?: SendStreamFile[];
  /** inspectRequest()'s answer for this link, to skip a second GET. */
  info?: RequestDetails;
  config?: Config;
  onUpload?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** What respond returns: the answer's note, which only the asker's private link opens, once. */
export interface Responded {
  noteId: string;
  expiresAt: number;
}

/** Unknown, expired, withdrawn and fully answered requests all answer the same 404. */
const requestGone = (cause: unknown) =>
  new SdkError(
    "gone",
    "this request does not exist, has expired, was withdrawn or has already been answered; nothing was sent",
    {},
    { cause },
  );

/** The request proof the answerer's calls carry (docs/FORMAT.md §12.4): the link's fingerprint shows it holds the link. */
const proofOf = async (link: RequestLink) => toBase64Url(await requestProof(link.fingerprint));

/** What the server said it holds for this request, checked against the link before anything is sealed. */
async function checkedDetails(link: RequestLink, info: RequestInfo): Promise<RequestDetails> {
  if (info.id !== link.id) throw new SdkError("damaged", "the server answered for another request; nothing was sent");
  const publicKey = await checkRequestKey(link.id, String(info.publicKey), link.fingerprint).catch((error) => {
    if (!(error instanceof RequestKeyMismatchError || error instanceof CorruptEnvelopeError)) throw error;
    throw new SdkError(
      "damaged",
      "the server's key for this request is not the asker's: the server altered the request; nothing was sent",
      {},
      { cause: error },
    );
  });
  let description: string | null = null;
  if (link.descriptionKey) {
    const altered = (cause?: unknown) =>
      new SdkError("damaged", "the request's description was altered on the server; nothing was sent", {}, { cause });
    if (typeof info.description !== "string") throw altered();
    description = await openDescription(link.descriptionKey, link.id, info.description).catch((error) => {
      throw altered(error);
    });
  }
  return {
    server: link.server,
    id: link.id,
    description,
    expiresAt: info.expiresAt,
    answersLeft: info.answersLeft,
    publicKey,
  };
}

/** Reads a request link's request without answering it, and checks the asker's key and description. */
export async function inspectRequest(link: string): Promise<RequestDetails> {
  const parsed = parseRequestLink(link);
  let info: RequestInfo;
  try {
    info = await requestStatus(parsed.server, parsed.id, await proofOf(parsed));
  } catch (error) {
    throw error instanceof ApiError && error.status === 404 ? requestGone(error) : error;
  }
  return checkedDetails(parsed, info);
}

/** The answer's lifetime: the longest expiry choice the request outlives, so it is never kept past the request. */
export function answerTtl(config: Config, expiresAt: number, now = Date.now()): number {
  const left = Math.floor((expiresAt - now) / 1000);
  const fitting = config.expiryChoices.filter((ttl) => ttl <= left);
  return fitting.length ? Math.max(...fitting) : Math.min(...config.expiryChoices);
}

/** A refused answer in words: answered already (409), or gone (404). */
function refused(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  if (error.status === 404) return requestGone(error);
  if (error.status === 409)
    return new SdkError(
      "gone",
      "this request has already been answered; your answer was not kept",
      {},
      { cause: error },
    );
  return error;
}

/** Seals the secret so that only the asker can open it, and answers the request with it (once). */
export async function respond(options: RespondOptions): Promise<Responded> {
  const link = parseRequestLink(options.link);
  const { server, id } = link;
  const info =
    options.info?.id === id && options.info.server === server ? options.info : await inspectRequest(options.link);
  const config = options.config ?? (await getConfig(server));
  const ttl = answerTtl(config, info.expiresAt);
  const { signal } = options;
  const proof = await proofOf(link);
  // The asker's key protects an answer instead of a password (none by format), whatever the instance asks of notes.
  const policy = { ...config, passwordRequired: false };
  const sent = await sendVia(
    server,
    { ...options, server, config: policy, ttl, views: 1, password: null, passwordOnly: false, version: 2 },
    async (note, linkKey) => {
      const sealedKey = await sealAnswerKey(id, note.id, info.publicKey, linkKey!);
      return answerRequest(server, id, proof, { note, sealedKey }, { signal });
    },
  ).catch((error: unknown) => {
    throw refused(error);
  });
  return { noteId: sent.id, expiresAt: sent.expiresAt };
}
