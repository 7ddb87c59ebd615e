/** Why a revealed note is not shown, in the reader's language: the server's own English sentence is never shown. */
import { HushnoteCryptoError, UnsupportedVersionError } from "../../../crypto/index";
import { ApiError } from "../../../protocol/http";
import { lang, t } from "../../shared/i18n";
import { PartlySavedError } from "./receive";

/** After the view was consumed: why nothing is shown. */
export function downloadProblem(error: unknown): string {
  if (error instanceof PartlySavedError) {
    const names = new Intl.ListFormat(lang, { type: "conjunction" }).format(error.names);
    const problem = downloadProblem(error.cause);
    return t("note.download.partly-saved", { count: error.names.length, problem, names });
  }
  if (error instanceof UnsupportedVersionError) return t("note.download.unsupported");
  if (error instanceof HushnoteCryptoError) return t("note.download.integrity");
  if (error instanceof ApiError) {
    if (error.status === 0) return t("note.download.broken");
    return t("note.download.broken.status", { status: String(error.status) });
  }
  // A write to the chosen file failed (disk full, the file moved or its permission withdrawn); the browser says which.
  if (error instanceof DOMException) return t("note.download.unwritable", { reason: error.message });
  return t("note.download.failed");
}
