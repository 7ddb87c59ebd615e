/**
 * The answer page (/r/<id>#<fingerprint>[.<description key>]): fetches the request, checks that the public key the
 * server serves is the one the link's fingerprint names before anything else, shows the description, and sends the
 * answer sealed so that only the asker can open it.
 */

import { toBase64Url } from "../../../crypto/base64url";
import {
  CorruptEnvelopeError,
  checkRequestKey,
  decodeRequestFragment,
  HushnoteCryptoError,
  openDescription,
  type RequestFragment,
  RequestKeyMismatchError,
  requestProof,
} from "../../../crypto/index";
import { getConfig } from "../../../protocol/api";
import { ApiError, SAME_ORIGIN } from "../../../protocol/http";
import { requestStatus } from "../../../protocol/requests";
import type { Config } from "../../../protocol/wire";
import { announce, byId } from "../../shared/dom";
import { forgetSecret, takeSecret, watchFragment } from "../../shared/fragment";
import { formatRelative, formatTime, onLanguageSwitch, t } from "../../shared/i18n";
import { serverProblem } from "../../shared/server-problem";
import { type Checked, discard, pending, sendAnswer } from "./send";
import { closed, refused, sent, setBusy, show } from "./view";

const id = decodeURIComponent(location.pathname.split("/")[2] ?? "");
// The fingerprint and description key leave the address bar at once; this tab keeps them for a reload.
const taken = takeSecret("answer", id);
const fragment = taken.secret;
const secret = byId<HTMLTextAreaElement>("secret");

function linkParts(): RequestFragment | null {
  try {
    return fragment ? decodeRequestFragment(fragment) : null;
  } catch {
    return null;
  }
}

/** A reason to stop before anything is sent; its message is the sentence's key. */
class Refusal extends Error {}

/** The request as the server serves it, checked against the link before anything else is done with it. */
async function check(link: RequestFragment): Promise<Checked & { description: string | null }> {
  const proof = toBase64Url(await requestProof(link.fp));
  const info = await requestStatus(SAME_ORIGIN, id, proof);
  if (info.id !== id) throw new Refusal("answer.refused.other");
  const publicKey = await checkRequestKey(id, String(info.publicKey), link.fp).catch((error: unknown) => {
    const swapped = error instanceof RequestKeyMismatchError || error instanceof CorruptEnvelopeError;
    throw swapped ? new Refusal("answer.refused.key") : error;
  });
  let description: string | null = null;
  if (link.descriptionKey) {
    // The link promises a description: one the server dropped or altered is refused, not shown as missing.
    if (typeof info.description !== "string") throw new Refusal("answer.refused.description");
    description = await openDescription(link.descriptionKey, id, info.description).catch((error: unknown) => {
      throw error instanceof HushnoteCryptoError ? new Refusal("answer.refused.description") : error;
    });
  }
  return { id, proof, publicKey, expiresAt: info.expiresAt, description };
}

function explain(error: unknown) {
  if (error instanceof Refusal) return refused(t(error.message));
  if (error instanceof ApiError && (error.status === 404 || error.status === 409)) {
    const sentence =
      error.status === 409 ? "answer.closed.answered" : pending() ? "answer.closed.while" : "answer.closed.text";
    // Nothing typed here can be sent any more: the page forgets it, and leaving it asks nothing.
    forgetSecret("answer", id);
    discard();
    secret.value = "";
    return closed(t(sentence));
  }
  announce(error instanceof HushnoteCryptoError ? t("answer.error.crypto") : serverProblem(error), "error");
}

function ready(request: Checked & { description: string | null }, config: Config): void {
  const description = byId("description");
  description.textContent = request.description ?? "";
  description.hidden = request.description === null;
  byId("no-description").hidden = request.description !== null;
  byId("closes").textContent = t("answer.closes", {
    time: formatTime(request.expiresAt),
    relative: formatRelative(request.expiresAt),
  });
  byId("answer-form").addEventListener("submit", (event) => {
    event.preventDefault();
    if (secret.value === "") {
      secret.focus();
      return announce(t("answer.empty"), "error");
    }
    setBusy(t("answer.busy"));
    sendAnswer(request, config, secret.value)
      .then(() => {
        secret.value = "";
        // Answered: this tab has no more use for the link, and a reload says so instead of offering to answer again.
        forgetSecret("answer", id);
        sent();
      })
      .catch(explain)
      .finally(() => setBusy(null));
  });
  show(["asked", "answer-form"], t("answer.status.ready"));
  secret.focus();
}

async function start(): Promise<void> {
  if (taken.forgotten) return closed(t("answer.forgotten"));
  const link = /^[A-Za-z0-9_-]{22}$/.test(id) ? linkParts() : null;
  if (!link) return refused(t("answer.refused.incomplete"));
  watchFragment("answer", id, fragment);
  onLanguageSwitch(() => fragment);
  const [request, config] = await Promise.all([check(link), getConfig(SAME_ORIGIN)]);
  ready(request, config);
}

// Leaving with typed text, or mid-send, would lose it: the browser asks first.
addEventListener("beforeunload", (event) => {
  if (secret.value !== "" || pending()) event.preventDefault();
});
start().catch(explain);
