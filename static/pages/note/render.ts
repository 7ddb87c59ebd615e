/** Shows a decrypted note: text, tabs and files (download; images previewed from blob: URLs; large ones on disk). */
import { byId, copyOnClick, formatBytes } from "../../shared/dom";
import type { Received } from "./receive";
import type { ReceivedFile } from "./sinks";

// Raster formats only: previews are <img>, and the list stays small to keep odd decoders out of the picture.
const PREVIEWABLE = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"]);

function tabCard(title: string, text: string, index: number): HTMLElement {
  const card = document.createElement("div");
  card.className = "card";
  const heading = document.createElement("h3");
  heading.textContent = title || `Tab ${index + 1}`;
  const pre = document.createElement("pre");
  pre.className = "secret";
  pre.textContent = text;
  const copy = document.createElement("button");
  copy.type = "button";
  copy.textContent = `Copy ${heading.textContent}`;
  copyOnClick(copy, () => text, heading.textContent);
  card.append(heading, pre, copy);
  return card;
}

function fileItem(file: ReceivedFile): HTMLElement {
  const item = document.createElement("li");
  const name = file.name || "file";
  if (!file.blob) {
    item.textContent = `${name} (${formatBytes(file.size)}): saved to the file you chose.`;
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
  link.textContent = `Download ${name} (${formatBytes(file.size)})`;
  item.append(link);
  if (previewable) {
    const img = document.createElement("img");
    img.className = "preview";
    img.src = url;
    img.alt = `Preview of ${name}`;
    item.append(img);
  }
  return item;
}

/** Puts the decrypted note on the page. */
export function renderPayload(payload: Received): void {
  byId("secret-text").textContent = payload.text;
  byId("text-block").hidden = payload.text === "";
  copyOnClick(byId<HTMLButtonElement>("copy-text"), () => payload.text, "Text");
  byId("tabs").replaceChildren(...payload.tabs.map((tab, i) => tabCard(tab.title, tab.text, i)));
  byId("files").replaceChildren(...payload.files.map(fileItem));
  byId("files-block").hidden = payload.files.length === 0;
}
