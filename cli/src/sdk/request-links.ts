/** Secret request links: the request link (/r/, given to the answerer) and the private link (/q/, kept by the asker). */
import { toBase64Url } from "../../../crypto/base64url";
import {
  decodePrivateLink,
  decodeRequestFragment,
  encodePrivateLink,
  encodeRequestFragment,
  type PrivateLinkKeys,
} from "../../../crypto/index";
import { invalid } from "./errors";
import { type ParsedLink, parseLink } from "./links";

/** A parsed request link: the fingerprint of the asker's public key, and the description's key if it has one. */
export interface RequestLink extends ParsedLink {
  fingerprint: Uint8Array;
  descriptionKey: Uint8Array | null;
}

/** A parsed private link: the asker's key pair and the request's manage token (base64url, as the API takes it). */
export interface PrivateLink extends ParsedLink {
  privateKey: Uint8Array;
  publicKey: Uint8Array;
  manageToken: string;
}

/** Whether `link` looks like a request's private link (/q/<id>), the one `read` opens an answer with. */
export function isPrivateLink(link: string): boolean {
  try {
    parseLink(link, "q", "private link");
    return true;
  } catch {
    return false;
  }
}

/** Parses `/r/<id>#<fingerprint>[.<description key>]`. */
export function parseRequestLink(link: string): RequestLink {
  const parsed = parseLink(link, "r", "request link");
  let decoded: ReturnType<typeof decodeRequestFragment>;
  try {
    decoded = decodeRequestFragment(parsed.fragment);
  } catch {
    throw invalid("the part after # in the request link is missing or damaged; copy the whole link");
  }
  return { ...parsed, fingerprint: decoded.fp, descriptionKey: decoded.descriptionKey };
}

/** Parses `/q/<id>#<private key, public key and manage token>`. */
export function parsePrivateLink(link: string): PrivateLink {
  const parsed = parseLink(link, "q", "private link");
  let decoded: ReturnType<typeof decodePrivateLink>;
  try {
    decoded = decodePrivateLink(parsed.fragment);
  } catch {
    throw invalid("the key after # in the private link is missing or damaged; copy the whole link");
  }
  const { d, Q, manageToken } = decoded;
  return { ...parsed, privateKey: d, publicKey: Q, manageToken: toBase64Url(manageToken) };
}

/** The request link: the fingerprint (and description key) only ever in the fragment. */
export const requestLink = (server: string, id: string, fingerprint: Uint8Array, descriptionKey: Uint8Array | null) =>
  `${server}/r/${id}#${encodeRequestFragment(fingerprint, descriptionKey)}`;

/** The asker's private link: the private key and manage token only ever in the fragment. */
export const privateLink = (server: string, id: string, keys: PrivateLinkKeys) =>
  `${server}/q/${id}#${encodePrivateLink(keys)}`;
