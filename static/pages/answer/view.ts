/** The answer page's mutually exclusive views and its busy state. */
import { announce, byId, showOnly } from "../../shared/dom";
import { disableLanguageSwitch, t } from "../../shared/i18n";

const VIEWS = ["asked", "answer-form", "sent", "closed", "refused"];

/** Shows exactly these views and says `status` in the live region. */
export function show(visible: string[], status: string, kind: "info" | "error" | "ok" = "info"): void {
  showOnly(
    VIEWS.map((v) => byId(v)),
    visible.map((v) => byId(v)),
  );
  announce(status, kind);
}

/** The request is no longer open (or was answered): nothing can be sent. */
export function closed(text: string): void {
  byId("closed-text").textContent = text;
  show(["closed"], t("answer.closed.status"), "error");
  byId("closed-title").focus();
}

/** The request does not match its link: the page refuses to go on, whatever the person would type. */
export function refused(text: string): void {
  byId("refused-text").textContent = text;
  show(["refused"], t("answer.refused.status"), "error");
  byId("refused-title").focus();
}

/** The answer is stored; only the asker can open it. */
export function sent(): void {
  show(["sent"], t("answer.sent.status"), "ok");
  byId("sent-title").focus();
}

/** While sealing and sending: the button waits and the picker is off (a reload would lose the text). */
export function setBusy(message: string | null): void {
  byId<HTMLButtonElement>("send").disabled = message !== null;
  byId("answer-form").setAttribute("aria-busy", String(message !== null));
  disableLanguageSwitch(message !== null);
  if (message) announce(message);
}
