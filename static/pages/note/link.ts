/** What the open page's link names and carries: the note id, the #v2 marker and the link key (kept in this tab). */
import { fromBase64Url } from "../../../crypto/base64url";
import type { Expected } from "../../../crypto/index";
import { forgetSecret, takeSecret } from "../../shared/fragment";

export const id = decodeURIComponent(location.pathname.split("/")[2] ?? "");
/** Marks a password-only link to a format v2 note (`/n/<id>#v2`): not a secret, so it stays in the address bar. */
const V2_MARKER = "v2";
export const marked = location.hash === `#${V2_MARKER}`;
export const isKey = (fragment: string) => fragment !== V2_MARKER;
// The link key leaves the address bar and history at once; this tab keeps it so a reload still works.
export const taken = marked ? { secret: null, forgotten: false } : takeSecret("note", id);
export const fragment = taken.secret;
export const linkKey = keyBytes(fragment);
/** What this link asks for, checked against the header before any secret is used (docs/FORMAT.md §7). */
export const expected: Expected = { kind: "note", id, ...(marked ? { minVersion: 2 } : {}) };

/** The 32-byte link key, or null (none, or cut off when the link was copied: said as "incomplete"). */
function keyBytes(text: string | null): Uint8Array | null {
  const bytes = text ? fromBase64Url(text) : null;
  return bytes?.length === 32 ? bytes : null;
}

/** The note is destroyed or gone: this tab stops keeping its key. */
export const forget = () => forgetSecret("note", id);
