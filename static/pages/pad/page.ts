/** The notepad page's frame: its address, its views, the busy line, and the cards that say why nothing is shown. */
import type { Header } from "../../../crypto/index";
import { ApiError } from "../../../protocol/http";
import { CryptoError } from "../../shared/crypto-client";
import { announce, byId, showOnly } from "../../shared/dom";
import { DamagedError } from "./keys";
import { rememberedPad } from "./memory";

type View = "unavailable" | "free" | "changed" | "locked" | "editor";
const views = ["unavailable", "free", "changed", "locked", "editor"].map((id) => byId(id));
export const slug = decodeURIComponent(location.pathname.split("/")[2] ?? "");

export function show(view: View, message: string, kind: "info" | "error" | "ok" = "info"): void {
  showOnly(views, [byId(view)]);
  announce(message, kind);
}

/** Says why there is no notepad to show; `alarm` for a refusal that protects the person from the server. */
export function unavailable(text: string, title = "No notepad here", alarm = false): void {
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
  const seen = rememberedPad(slug)?.bodyVersion;
  unavailable(
    `The server sent an older version of this notepad than the one this browser has already seen (version ${seen}). Someone may be trying to undo recent changes, so nothing is shown and nothing can be saved over them. Try again later, or from another network.`,
    "Older version refused",
    true,
  );
}

export function notAskedFor(header: Header | undefined): void {
  const what = header?.kind === "pad" ? `a different notepad (“${header.id}”)` : "something that is not this notepad";
  unavailable(
    `The server answered this address with ${what}. Nothing is shown, and your password was not asked for.`,
    "Not the notepad you asked for",
    true,
  );
}

export function explain(error: unknown): string {
  if (error instanceof CryptoError && error.code === "mismatch")
    return "The server sent a different notepad than this address names, so nothing is shown.";
  if (error instanceof CryptoError && error.code === "unsupported")
    return "This notepad uses a format this version of hushnote does not know.";
  if (error instanceof CryptoError || error instanceof DamagedError)
    return "This notepad failed its integrity check: it was damaged or tampered with, so it is not shown.";
  if (error instanceof ApiError) return error.message;
  return "Something went wrong. Please try again.";
}

export function showLocked(message: string): void {
  show("locked", message);
  byId("password").focus();
}
