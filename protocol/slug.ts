/** Notepad addresses: one normal form shared by the Worker, the pages and the CLI. */

/** Lowercase a–z, 0–9 and single dashes between them, 1–64 characters. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_SLUG_LENGTH = 64;

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
  return slug.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(slug) && !RESERVED_SLUGS.has(slug);
}
