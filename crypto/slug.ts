/** Notepad slugs: the format's pad-id syntax, which is also the normal form of a /p/<slug> address. */

/** Lowercase a–z, 0–9 and single dashes between them (so never a dash at either end). */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Longest slug, in characters. */
export const MAX_SLUG_LENGTH = 64;

/** True for a notepad slug: 1–64 of a–z and 0–9, with single dashes between them. */
export const isPadSlug = (id: unknown): id is string =>
  typeof id === "string" && id.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(id);
