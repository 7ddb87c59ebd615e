/** The pages' words for a failed call they have nothing more specific to say about: by status, never the server's English. */
import { ApiError, MalformedAnswer } from "../../protocol/http";
import { t } from "./i18n";

/** The rate limiter's window (worker/rate-limit.ts), for a 429 that did not say Retry-After. */
const RATE_WINDOW_SECONDS = 10;

/** A localized sentence for any failure: unreachable (status 0), malformed, busy, or "the server answered 418". */
export function serverProblem(error: unknown): string {
  if (!(error instanceof ApiError)) return t("common.error.generic");
  if (error instanceof MalformedAnswer) return t("common.error.malformed");
  if (error.status === 0) return t("common.error.unreachable");
  if (error.status === 429) return t("common.error.rate-limited", { count: error.retryAfter ?? RATE_WINDOW_SECONDS });
  if (error.status === 503) return t("common.error.storage");
  // A status is a code, not a quantity: it keeps its ASCII digits in every language.
  return t("common.error.status", { status: String(error.status) });
}
