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
import { describe, renderFacts } from "./describe";
import { expected, forget, fragment, id, isKey, linkKey, marked, taken } from "./link";
import { reveal } from "./reveal";
import { password, problem, setBusy, show } from "./view";

const NOT_ASKED_FOR =
  "The server sent a different note than the one this link points to, so nothing is shown and nothing was sent.";
const DOWNGRADED =
  "This link promises a note in format v2, but the server sent an older format with password settings it could have chosen itself. Your password was not used and nothing was consumed.";

/** `revealing`: the failure came from Reveal, after the page had already retried the open itself. */
function explain(error: unknown, revealing = false): void {
  if (error instanceof ApiError && error.status === 404) {
    forget();
    show("gone", "This secret is not here.", "error");
  } else if (revealing && answerLost(error)) {
    // Every try carried the same grant, so however many arrived, at most one view was counted.
    announce(
      error.status === 0
        ? "The server could not be reached, so the secret is not shown. Check your connection and press Reveal again."
        : `${error.message} The secret is not shown; press Reveal again in a moment.`,
      "error",
    );
  } else if (error instanceof CryptoError) {
    problem(cryptoProblem(error.code));
  } else {
    announce(error instanceof ApiError ? error.message : "Something went wrong. Please try again.", "error");
  }
}

function cryptoProblem(code: CryptoError["code"]): string {
  if (code === "mismatch") return NOT_ASKED_FOR;
  if (code === "unsupported")
    return "This note uses a format this version of hushnote does not know. Nothing was consumed by trying.";
  return "This note failed its integrity check: it was damaged or tampered with, so it is not shown.";
}

async function start(): Promise<void> {
  if (!/^[A-Za-z0-9_-]{22}$/.test(id)) return show("gone", "This secret is not here.", "error");
  watchFragment("note", id, fragment, isKey);
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
  if (header.link && !linkKey) return problem(incomplete(taken.forgotten));
  // Even in v1: a proof from the password alone, for a link that has a key, would let the server test passwords offline.
  if (!header.link && fragment)
    return problem(
      "This link carries a key, but the server says this note needs none. That is not how hushnote makes links, so nothing was sent.",
    );
  renderFacts(byId("facts"), describe(status, header));
  byId("password-field").hidden = !header.kdf;
  byId("key-hint").hidden = !header.link;
  byId("reveal-hint").textContent =
    status.viewsLeft === 1 ? "Revealing destroys it: make sure you can copy it now." : "Revealing uses up one view.";
  byId("reveal-form").addEventListener("submit", (event) => {
    event.preventDefault();
    byId("password-error").textContent = "";
    reveal(status.header, header)
      .catch((error: unknown) => explain(error, true))
      .finally(() => setBusy(null));
  });
  show("about", "Nothing has been opened yet. Press Reveal when you are ready.");
  warmUp();
  if (header.kdf) password.focus();
}

function headerProblem(error: unknown, header: Header | undefined): string {
  // The right note in an older format than the link's #v2 promises: a downgrade.
  if (error instanceof HeaderMismatchError)
    return header?.id === id && header.kind === "note" && marked ? DOWNGRADED : NOT_ASKED_FOR;
  if (error instanceof UnsupportedVersionError)
    return "This note uses a format this version of hushnote does not know. Nothing was consumed.";
  return "This note's public header is damaged or was altered, so it cannot be opened. Nothing was sent and nothing was consumed.";
}

function incomplete(forgotten: boolean): string {
  if (forgotten)
    return "This tab no longer keeps this note's key, because the note was destroyed here. Open the whole link again if you still have it.";
  return "This link is incomplete: the part after # (the key) is missing. Ask the sender for the whole link. (After opening a link, this page removes the key from the address bar; a reload in the same tab still works.)";
}

start().catch(explain);
