/** Link and address arguments: the SDK's parsers (sdk/links.ts) as usage errors, and where the server comes from. */

import { asUsage } from "./failure";
import {
  parseManageLink as manageParts,
  normalizeServer,
  parseNoteLink as noteParts,
  padSlug as slugOf,
} from "./sdk/links";
import { parsePrivateLink as privateParts, parseRequestLink as requestParts } from "./sdk/request-links";

/** The server `npm start` runs. */
export const DEFAULT_SERVER = "http://127.0.0.1:8787";

/** The server from --server, then HUSHNOTE_SERVER, then the local default. */
export function resolveServer(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return asUsage(() => normalizeServer(flag ?? (env.HUSHNOTE_SERVER || DEFAULT_SERVER)));
}

/** A share link argument: its server, id and key. */
export const parseNoteLink = (link: string) => asUsage(() => noteParts(link));
/** A manage link argument: its server, id and token. */
export const parseManageLink = (link: string) => asUsage(() => manageParts(link));
/** A notepad NAME argument in the shared normal form. */
export const padSlug = (input: string) => asUsage(() => slugOf(input));
/** A request's private link argument: its server, id, private key and manage token. */
export const parsePrivateLink = (link: string) => asUsage(() => privateParts(link));
/** A request link argument: its server, id and the asker's key fingerprint. */
export const parseRequestLink = (link: string) => asUsage(() => requestParts(link));
