/** The open page: describe the note from the non-consuming GET; only a deliberate Reveal consumes a view. */

import {
  checkHeader,
  decodeHeader,
  type Header,
  HeaderMismatchError,
  UnsupportedVersionError,
} from "../../../crypto/index";
import { noteStatus } from "../../../protocol/api";
import { ApiError, SAME_ORIGIN } from "../../../protocol/http";
import { answerLost } from "../../../protocol/retry";
import { CryptoError, warmUp } from "../../shared/crypto-client";
import { announce, byId } from "../../shared/dom";
import { watchFragment } from "../../shared/fragment";
import { disableLanguageSwitch, onLanguageSwitch, t } from "../../shared/i18n";
import { serverProblem } from "../../shared/server-problem";
import { describe, renderFacts } from "./describe";
import { expected, forget, fragment, id, isKey, linkKey, marked, taken } from "./link";
import { reveal } from "./reveal";
import { password, problem, setBusy, show } from "./view";

// The crypto worker's failures cross as codes; each names its sentence here.
const CRYPTO_PROBLEM = {
  mismatch: "note.problem.mismatch",
  unsupported: "note.problem.unsupported.tried",
  "wrong-key": "note.problem.integrity",
  rollback: "note.problem.integrity",
  corrupt: "note.problem.integrity",
  failed: "note.problem.integrity",
} as const satisfies Record<CryptoError["code"], string>;

/** `revealing`: the failure came from Reveal, after the page had already retried the open itself. */
function explain(error: unknown, revealing = false): void {
  if (error instanceof ApiError && error.status === 404) {
    forget();
    show("gone", t("note.gone.status"), "error");
  } else if (revealing && answerLost(error)) {
    // Every try carried the same grant, so however many arrived, at most one view was counted.
    announce(
      error.status === 0 ? t("note.reveal.unreachable") : t("note.reveal.lost", { status: String(error.status) }),
      "error",
    );
  } else if (error instanceof CryptoError) {
    problem(t(CRYPTO_PROBLEM[error.code]));
  } else {
    announce(serverProblem(error), "error");
  }
}

async function start(): Promise<void> {
  if (!/^[A-Za-z0-9_-]{22}$/.test(id)) return show("gone", t("note.gone.status"), "error");
  watchFragment("note", id, fragment, isKey);
  // A language switch reloads the page; until Reveal it carries the key the address bar no longer shows.
  onLanguageSwitch(() => fragment);
  const status = await noteStatus(SAME_ORIGIN, id);
  let decoded: Header | undefined;
  try {
    decoded = decodeHeader(status.header);
    // Before anything is derived from a secret: the note this link names, the format it promises, a salt from its id.
    await checkHeader(decoded, { expect: expected, holdsLinkKey: fragment !== null });
  } catch (error) {
    return problem(headerProblem(error, decoded));
  }
  const header = decoded;
  if (header.link && !linkKey)
    return problem(t(taken.forgotten ? "note.problem.forgotten" : "note.problem.incomplete"));
  // Even in v1: a proof from the password alone, for a link that has a key, would let the server test passwords offline.
  if (!header.link && fragment) return problem(t("note.problem.keyless"));
  renderFacts(byId("facts"), describe(status, header));
  byId("password-field").hidden = !header.kdf;
  byId("key-hint").hidden = !header.link;
  byId("reveal-hint").textContent = t(status.viewsLeft === 1 ? "note.reveal.hint.last" : "note.reveal.hint.view");
  byId("reveal-form").addEventListener("submit", (event) => {
    event.preventDefault();
    // A reload from here on could show an opened note as gone, so the language stays as it is.
    disableLanguageSwitch();
    byId("password-error").textContent = "";
    reveal(status.header, header)
      .catch((error: unknown) => explain(error, true))
      .finally(() => setBusy(null));
  });
  show("about", t("note.about.status"));
  warmUp();
  if (header.kdf) password.focus();
}

function headerProblem(error: unknown, header: Header | undefined): string {
  // The right note in an older format than the link's #v2 promises: a downgrade.
  if (error instanceof HeaderMismatchError)
    return t(
      header?.id === id && header.kind === "note" && marked ? "note.problem.downgraded" : "note.problem.mismatch",
    );
  if (error instanceof UnsupportedVersionError) return t("note.problem.unsupported");
  return t("note.problem.header");
}

start().catch(explain);
