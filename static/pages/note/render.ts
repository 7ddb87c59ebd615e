/** Shows a decrypted note: text, tabs and files (download; images previewed from blob: URLs; large ones on disk). */
import { byId, copyOnClick } from "../../shared/dom";
import { formatBytes, t } from "../../shared/i18n";
import { isolating } from "./isolate";
import type { Received } from "./receive";
import type { ReceivedFile } from "./sinks";

// Raster formats only: previews are <img>, and the list stays small to keep odd decoders out of the picture.
const PREVIEWABLE = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"]);

function tabCard(title: string, text: string, index: number): HTMLElement {
  const card = document.createElement("div");
  card.className = "card";
  const heading = document.createElement("h3");
  const name = title || t("note.tab.untitled", { number: index + 1 });
  heading.textContent = name;
  // The sender's words: their own direction, whatever the page's language.
  if (title) heading.dir = "auto";
  const pre = document.createElement("pre");
  pre.className = "secret";
  pre.dir = "auto";
  pre.textContent = text;
  const copy = document.createElement("button");
  copy.type = "button";
  copy.append(...isolating((shown) => t("note.copy.tab", { title: shown }), name));
  copyOnClick(copy, () => text, { tab: name });
  card.append(heading, pre, copy);
  return card;
}

function fileItem(file: ReceivedFile): HTMLElement {
  const item = document.createElement("li");
  const name = file.name || t("note.files.unnamed");
  const size = formatBytes(file.size);
  if (!file.blob) {
    item.append(...isolating((shown) => t("note.files.saved", { name: shown, size }), name));
    return item;
  }
  const previewable = PREVIEWABLE.has(file.type);
  // Downloads are typed octet-stream so a blob: URL can never be rendered as a document on this origin.
  const url = URL.createObjectURL(
    new Blob([file.blob], { type: previewable ? file.type : "application/octet-stream" }),
  );
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.className = "button secondary";
  link.append(...isolating((shown) => t("note.files.download", { name: shown, size }), name));
  item.append(link);
  if (previewable) {
    const img = document.createElement("img");
    img.className = "preview";
    img.src = url;
    img.alt = t("note.files.preview", { name });
    item.append(img);
  }
  return item;
}

/** Puts the decrypted note on the page. */
export function renderPayload(payload: Received): void {
  byId("secret-text").textContent = payload.text;
  byId("text-block").hidden = payload.text === "";
  copyOnClick(byId<HTMLButtonElement>("copy-text"), () => payload.text, "text");
  byId("tabs").replaceChildren(...payload.tabs.map((tab, i) => tabCard(tab.title, tab.text, i)));
  byId("files").replaceChildren(...payload.files.map(fileItem));
  byId("files-block").hidden = payload.files.length === 0;
}
