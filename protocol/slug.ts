/** Notepad addresses: one normal form shared by the Worker, the pages and the CLI. */
import { isPadSlug, MAX_SLUG_LENGTH } from "../crypto/slug";

// The syntax is the format's own pad-id rule; reserved names are this site's policy on top of it.
export { MAX_SLUG_LENGTH, SLUG_PATTERN } from "../crypto/slug";

/** Names the site itself uses (or may) under /p/; nobody can claim them as a notepad. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "about",
  "admin",
  "api",
  "assets",
  "fragments",
  "help",
  "new",
  "settings",
  "static",
  "well-known",
]);

/** Accents come off ("crème" → "creme"); what is left is lowercased before anything else is judged. */
const folded = (input: string) =>
  input
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();

/**
 * Letters and digits that an address cannot hold (日, 記, д, ß, ø …). Normalising would drop them and land the person
 * on a shorter, shared, guessable address ("日記 2024" → "2024"), so such a name is refused instead, never redirected.
 */
export function unsupportedCharacters(input: string): string[] {
  return [...new Set(folded(input).match(/[^\P{L}a-z]|[^\P{N}0-9]/gu) ?? [])];
}

/** Accents off, lowercase, every run of spaces and punctuation one dash, no dash at the ends; any length. */
const dashed = (input: string) =>
  folded(input)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

/**
 * "Mark's Notes" → "mark-s-notes", "Crème brûlée" → "creme-brulee". "" when the name has letters or digits an address
 * cannot hold, or is longer than an address: cutting it would put two long names on one address.
 */
export function normalizeSlug(input: string): string {
  if (unsupportedCharacters(input).length > 0) return "";
  const slug = dashed(input);
  return slug.length > MAX_SLUG_LENGTH ? "" : slug;
}

/** Whether `slug` is already a usable, unreserved address in normal form. */
export function isUsableSlug(slug: string): boolean {
  return isPadSlug(slug) && !RESERVED_SLUGS.has(slug);
}

/** Why `name` cannot be a notepad address, in a sentence for the person who typed it; null when it can. */
export function slugProblem(name: string): string | null {
  const unsupported = unsupportedCharacters(name);
  if (unsupported.length > 0) {
    return (
      `“${name}” has characters a notepad address cannot hold (${unsupported.slice(0, 8).join(" ")}). ` +
      "Addresses use the letters a–z (accents are dropped), digits and dashes, so no other name is chosen for you: " +
      "pick one written with those."
    );
  }
  if (dashed(name).length > MAX_SLUG_LENGTH)
    return `A notepad address has at most ${MAX_SLUG_LENGTH} characters; choose a shorter name.`;
  const slug = normalizeSlug(name);
  if (!slug) return "A notepad address needs at least one letter (a–z) or digit.";
  if (RESERVED_SLUGS.has(slug)) return `“${slug}” is a name this site uses itself, so it cannot be a notepad.`;
  return null;
}
