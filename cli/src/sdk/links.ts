/** Links and addresses: which server, which note, which secret in the fragment (secrets never leave the fragment). */
import { fromBase64Url } from "../../../crypto/base64url";
import { type FormatVersion, isNoteId, KEY_SIZE } from "../../../crypto/index";
import { isUsableSlug, normalizeSlug, slugProblem } from "../../../protocol/index";
import { invalid } from "./errors";

/** A server URL in the form every other function expects: http(s), any path prefix kept, no trailing slash. */
export function normalizeServer(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(`not a server URL: ${raw}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw invalid(`the server must be an http(s) URL, not ${raw}`);
  // Keep any path prefix (an instance behind a reverse proxy at /hushnote/) but no trailing slash.
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** A parsed /n/, /m/, /r/ or /q/ link: the server it names, the id, and the fragment secret (raw string). */
export interface ParsedLink {
  server: string;
  id: string;
  fragment: string;
}

/** Splits a link of `kind` (n: note, m: manage, r: request, q: a request's private link); `what` names it in errors. */
export function parseLink(link: string, kind: "n" | "m" | "r" | "q", what: string): ParsedLink {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    throw invalid(`not a ${what}: expected a URL like https://host/${kind}/<id>#…`);
  }
  const match = /^(.*)\/([nmrq])\/([^/]+)\/?$/.exec(url.pathname);
  if (!match || match[2] !== kind || !isNoteId(match[3]))
    throw invalid(`not a ${what}: the path must be /${kind}/<22-character id>`);
  return { server: `${url.origin}${match[1]}`, id: match[3] as string, fragment: url.hash.slice(1) };
}

/**
 * The fragment of a format v2 password-only link (docs/FORMAT.md §7): not a key, a promise that the note is v2, so
 * that a server cannot serve a v1 header (whose salt it could choose) in its place.
 */
export const V2_MARKER = "v2";

/** A parsed share link: `linkKey` is null for password-only notes; `minVersion` is 2 for a `#v2` link. */
export interface NoteLink extends ParsedLink {
  linkKey: Uint8Array | null;
  minVersion?: FormatVersion;
}

/** Parses a share link: `/n/<id>#<key>`, `/n/<id>` (password-only) or `/n/<id>#v2` (password-only, format v2). */
export function parseNoteLink(link: string): NoteLink {
  const parsed = parseLink(link, "n", "share link");
  if (!parsed.fragment) return { ...parsed, linkKey: null };
  if (parsed.fragment === V2_MARKER) return { ...parsed, linkKey: null, minVersion: 2 };
  const linkKey = fromBase64Url(parsed.fragment);
  if (!linkKey || linkKey.length !== KEY_SIZE)
    throw invalid("the key after # in the link is incomplete or damaged; copy the whole link");
  return { ...parsed, linkKey };
}

/** Parses a manage link; the fragment is the bearer token. */
export function parseManageLink(link: string): ParsedLink {
  const parsed = parseLink(link, "m", "manage link");
  if (fromBase64Url(parsed.fragment)?.length !== 32)
    throw invalid("the manage token after # is missing or damaged; copy the whole manage link");
  return parsed;
}

/** The share link: the key (or, for a v2 password-only note, the `v2` marker) only ever in the fragment. */
export const noteLink = (server: string, id: string, fragment: string | null) =>
  `${server}/n/${id}${fragment ? `#${fragment}` : ""}`;
/** The creator's private link: the manage token only ever in the fragment. */
export const manageLink = (server: string, id: string, token: string) => `${server}/m/${id}#${token}`;

/** A notepad address in the shared normal form (protocol/slug.ts), so the CLI and the pages reach the same pad. */
export function padSlug(input: string): string {
  const problem = slugProblem(input);
  if (problem) throw invalid(problem);
  const slug = normalizeSlug(input);
  if (!isUsableSlug(slug)) throw invalid(`"${input}" is not a notepad address`);
  return slug;
}
