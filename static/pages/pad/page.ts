/** The notepad page's frame: its address, its views, the busy line, and the cards that say why nothing is shown. */
import type { Header } from "../../../crypto/index";
import { ApiError, MalformedAnswer } from "../../../protocol/http";
import { CryptoError } from "../../shared/crypto-client";
import { announce, byId, showOnly } from "../../shared/dom";
import { t } from "../../shared/i18n";
import { serverProblem } from "../../shared/server-problem";
import { DamagedError } from "./keys";
import { rememberedPad } from "./memory";

type View = "unavailable" | "free" | "changed" | "locked" | "editor";
const views = ["unavailable", "free", "changed", "locked", "editor"].map((id) => byId(id));
export const slug = decodeURIComponent(location.pathname.split("/")[2] ?? "");

export function show(view: View, message: string, kind: "info" | "error" | "ok" = "info"): void {
  showOnly(views, [byId(view)]);
  announce(message, kind);
}

/** "Notepad <slug>" as the heading, the address isolated left-to-right wherever the language puts it. */
export function showTitle(): void {
  const [before = "", after = ""] = t("pad.heading.slug", { slug: "\0" }).split("\0");
  const address = document.createElement("bdi");
  address.dir = "ltr";
  address.textContent = slug;
  byId("title").replaceChildren(before, address, after);
}

/** Says why there is no notepad to show; `alarm` for a refusal that protects the person from the server. */
export function unavailable(text: string, title = t("pad.none.title"), alarm = false): void {
  byId("unavailable-title").textContent = title;
  byId("unavailable-text").textContent = text;
  byId("unavailable").classList.toggle("alarm", alarm);
  byId("unavailable-elsewhere").hidden = alarm;
  // The card says it once; focus on its title makes screen readers read it.
  show("unavailable", "");
  byId("unavailable-title").focus();
}

export function setBusy(message: string | null, button?: HTMLButtonElement): void {
  if (button) button.disabled = message !== null;
  byId("progress").hidden = message === null;
  byId("progress-text").textContent = message ?? "";
  if (message) announce(message);
}

/** The server sent a body older than one this browser has seen: nothing is shown, so nothing older is saved over it. */
export function refuseRollback(): void {
  // Version numbers are labels ("version 12"), passed as text like the save state's, not formatted as quantities.
  const version = String(rememberedPad(slug)?.bodyVersion);
  unavailable(t("pad.rollback", { version }), t("pad.rollback.title"), true);
}

export function notAskedFor(header: Header | undefined): void {
  const text = header?.kind === "pad" ? t("pad.other.pad", { id: header.id }) : t("pad.other");
  unavailable(text, t("pad.other.title"), true);
}

/** What went wrong, in the page's language: the server's own English sentence is never shown. */
export function explain(error: unknown): string {
  if (error instanceof CryptoError && error.code === "mismatch") return t("pad.err.mismatch");
  if (error instanceof CryptoError && error.code === "unsupported") return t("pad.err.format");
  if (error instanceof CryptoError || error instanceof DamagedError) return t("pad.err.damaged");
  const status = error instanceof ApiError && !(error instanceof MalformedAnswer) ? error.status : null;
  if (status === 403) return t("pad.err.denied");
  if (status === 404) return t("pad.err.gone");
  if (status === 413) return t("pad.err.large");
  return serverProblem(error);
}

export function showLocked(message: string): void {
  show("locked", message);
  byId("password").focus();
}
