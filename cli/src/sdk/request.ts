/**
 * makeRequest: ask someone for a secret. The key pair is made here and its private half only ever travels in the
 * private link's fragment; the server keeps the public key, the encrypted description and the limits.
 */
import { toBase64Url } from "../../../crypto/base64url";
import { MAX_DESCRIPTION_LENGTH, newRequest, sealDescription } from "../../../crypto/index";
import { type Config, createRequest, getConfig } from "../../../protocol/index";
import { formatDuration } from "../args";
import { invalid, SdkError } from "./errors";
import { normalizeServer } from "./links";
import { privateLink, requestLink } from "./request-links";

/** What makeRequest takes. */
export interface RequestOptions {
  /** The instance, e.g. "https://notes.example.com" (a path prefix is kept). */
  server: string;
  /** Lifetime in seconds, one of the server's expiry choices; default: the server's. */
  ttl?: number;
  /** How many answers it accepts; default 1. */
  answers?: number;
  /** Shown to the answerer, encrypted: its key is in the request link only ("the production DB password, please"). */
  description?: string;
  /** The server's GET /api/config answer, when the caller already has it. */
  config?: Config;
  signal?: AbortSignal;
}

/** What makeRequest returns. */
export interface MadeRequest {
  /** Give this to whoever should answer: it opens no answer. */
  link: string;
  /** Keep private: the only key that opens the answers (readAnswer), and the request's manage token. */
  privateLink: string;
  id: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  ttl: number;
  answers: number;
}

/** The options checked against the instance's policy before anything is made or sent. */
function checked(config: Config, options: RequestOptions): { ttl: number; answers: number } {
  const ttl = options.ttl ?? config.defaultTtl;
  const answers = options.answers ?? 1;
  if (!config.expiryChoices.includes(ttl))
    throw invalid(`the ttl must be one of ${config.expiryChoices.map(formatDuration).join(", ")} on this server`);
  if (!Number.isSafeInteger(answers) || answers < 1 || answers > config.maxViews)
    throw invalid(`answers must be a whole number from 1 to ${config.maxViews} on this server`);
  if (options.description !== undefined && options.description.length > MAX_DESCRIPTION_LENGTH)
    throw invalid(`the description can be at most ${MAX_DESCRIPTION_LENGTH} characters`);
  return { ttl, answers };
}

/** Makes a key pair and a request for a secret that only the private link returned here can open. */
export async function makeRequest(options: RequestOptions): Promise<MadeRequest> {
  const server = normalizeServer(options.server);
  const { signal } = options;
  const config = options.config ?? (await getConfig(server));
  const { ttl, answers } = checked(config, options);
  const request = await newRequest();
  const { id, d, Q, fp, manageToken } = request;
  const descriptionKey = options.description ? request.descriptionKey : null;
  const description = descriptionKey ? await sealDescription(descriptionKey, id, options.description!) : null;
  signal?.throwIfAborted();
  const body = { id, publicKey: toBase64Url(Q), description, answers, ttl, manageToken: toBase64Url(manageToken) };
  const created = await createRequest(server, body, { signal });
  if (created.id !== id) throw new SdkError("damaged", "the server answered for another request id than the one made");
  return {
    link: requestLink(server, id, fp, descriptionKey),
    privateLink: privateLink(server, id, { d, Q, manageToken }),
    id,
    expiresAt: created.expiresAt,
    ttl,
    answers,
  };
}
