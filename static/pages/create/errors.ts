/** What the create page says when making a note fails: chosen by status, never the server's own (English) sentence. */
import { HushnoteCryptoError } from "../../../crypto/index";
import { ApiError, MalformedAnswer } from "../../../protocol/http";
import { CryptoError } from "../../shared/crypto-client";
import { formatBytes, t } from "../../shared/i18n";

/** The sentence for a failed create; `maxBodyBytes` is the instance limit (0 while the config is unknown). */
export function explainFailure(error: unknown, cancelled: boolean, maxBodyBytes: number): string {
  if (cancelled) return t("create.cancelled");
  if (error instanceof ApiError) return explainStatus(error, maxBodyBytes);
  if (error instanceof CryptoError || error instanceof HushnoteCryptoError) return t("create.error.crypto");
  // Reading a file fails when it is moved or changed on disk after it was attached.
  if (error instanceof DOMException && error.name === "NotReadableError") return t("create.error.file");
  return t("create.error.generic");
}

function explainStatus(error: ApiError, maxBodyBytes: number): string {
  const { status } = error;
  if (status === 413) return t("create.error.too-large", { max: formatBytes(maxBodyBytes) });
  if (status === 429) return t("create.error.rate-limited");
  // The page already tried several times; what the person wrote is still on the form, never cleared on failure.
  if (status === 0) return t("create.error.unreachable");
  // A broken or hostile server's answer: nothing in it is used, and the note was not made.
  if (error instanceof MalformedAnswer) return t("create.error.malformed");
  if (status >= 500) return t("create.error.server", { status });
  // Cloudflare Access in front of creating: only the instance's team may make notes.
  if (status === 403) return t("create.error.forbidden");
  return t("create.error.refused", { status });
}
