/** Why the page's address cannot be a notepad, in the page's language (protocol/slug.ts says it in English for the CLI). */
import { MAX_SLUG_LENGTH, normalizeSlug, RESERVED_SLUGS, unsupportedCharacters } from "../../../protocol/slug";
import { t } from "../../shared/i18n";

/** The same checks, in the same order, as slugProblem in protocol/slug.ts. */
export function addressProblem(name: string): string {
  const unsupported = unsupportedCharacters(name);
  if (unsupported.length > 0) return t("pad.slug.chars", { name, chars: unsupported.slice(0, 8).join(" ") });
  const slug = normalizeSlug(name);
  // With no unsupported characters left, the normal form is empty only when too long or without a letter or digit.
  if (!slug && /\p{L}|\p{N}/u.test(name)) return t("pad.slug.long", { max: MAX_SLUG_LENGTH });
  if (!slug) return t("pad.slug.empty");
  if (RESERVED_SLUGS.has(slug)) return t("pad.slug.reserved", { slug });
  return t("pad.slug.other", { max: MAX_SLUG_LENGTH });
}
