/** Notepad addresses: one normal form shared by the Worker, the pages and the CLI. */
import { isPadSlug, MAX_SLUG_LENGTH } from "../crypto/slug";

// The syntax is the format's own pad-id rule; reserved names are this site's policy on top of it.
export { MAX_SLUG_LENGTH, SLUG_PATTERN } from "../crypto/slug";

/** Names the site itself uses (or may) under /p/; nobody can claim them as a notepad. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "about", "admin", "api", "assets", "fragments", "help", "new", "settings", "static", "well-known",
]);

/** "Mark's Notes" → "mark-s-notes": lowercase, every run of anything else becomes one dash, no dash at the ends. */
export function normalizeSlug(input: string): string {
  return input.normalize("NFKD").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, MAX_SLUG_LENGTH).replace(/-+$/, "");
}

/** Whether `slug` is already a usable, unreserved address in normal form. */
export function isUsableSlug(slug: string): boolean {
  return isPadSlug(slug) && !RESERVED_SLUGS.has(slug);
}
