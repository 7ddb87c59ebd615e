/** The open page's views, its busy line and its problem card. */
import { announce, byId, showOnly } from "../../shared/dom";

const views = ["about", "content", "gone", "problem"].map((id) => byId(id));
export const password = byId<HTMLInputElement>("password");

export function show(
  view: "about" | "content" | "gone" | "problem",
  message: string,
  kind: "info" | "error" | "ok" = "info",
): void {
  showOnly(views, [byId(view)]);
  announce(message, kind);
  if (view !== "about") byId(`${view}-title`).focus();
}

export const problem = (text: string) => {
  byId("problem-text").textContent = text;
  show("problem", text, "error");
};

export function setBusy(message: string | null): void {
  byId<HTMLButtonElement>("reveal").disabled = message !== null;
  byId("progress").hidden = message === null;
  byId("progress-text").textContent = message ?? "";
  if (message) announce(message);
}
