/** The notepad's attachments: stored encrypted in the payload, listed with download and remove, previewed via blob: URLs. */
import type { PayloadFile } from "../../../crypto/index";
import { announce, byId } from "../../shared/dom";
import { formatBytes, lang, t } from "../../shared/i18n";
import { uniqueName } from "./document";

// Raster formats only, as on the note page: previews are <img>, and odd decoders stay out of the picture.
const PREVIEWABLE = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"]);

let files: PayloadFile[] = [];
const urls = new Map<PayloadFile, string>();
let onChange: () => void = () => {};

/** The attachments, in order. */
export const currentFiles = (): PayloadFile[] => files;

/** Replaces every attachment (after opening or reloading the pad). */
export function loadFiles(next: PayloadFile[]): void {
  for (const url of urls.values()) URL.revokeObjectURL(url);
  urls.clear();
  files = [...next];
  render();
}

function urlOf(file: PayloadFile): string {
  const known = urls.get(file);
  if (known) return known;
  // Anything but a known raster image is typed octet-stream, so a blob: URL can never render as a document here.
  const type = PREVIEWABLE.has(file.type) ? file.type : "application/octet-stream";
  const url = URL.createObjectURL(new Blob([file.bytes as BlobPart], { type }));
  urls.set(file, url);
  return url;
}

/** The blob: URL of the attachment called `name`, for the Markdown preview. */
export function resolveAttachment(name: string): { url: string; image: boolean } | null {
  const file = files.find((f) => f.name === name);
  return file ? { url: urlOf(file), image: PREVIEWABLE.has(file.type) } : null;
}

/** Adds files under names unique in this pad; returns what was added (for references in the text). */
export async function addFiles(added: Iterable<File>): Promise<PayloadFile[]> {
  const taken = new Set(files.map((f) => f.name));
  const result: PayloadFile[] = [];
  for (const file of added) {
    const ext = file.type.startsWith("image/") ? `.${file.type.slice(6).replace(/\W.*$/, "")}` : "";
    const name = uniqueName(file.name || `pasted-image${ext}`, taken);
    taken.add(name);
    result.push({
      name,
      type: file.type || "application/octet-stream",
      bytes: new Uint8Array(await file.arrayBuffer()),
    });
  }
  if (result.length) {
    files = [...files, ...result];
    const names = new Intl.ListFormat(lang, { type: "conjunction", style: "narrow" }).format(result.map((f) => f.name));
    announce(t("pad.files.attached", { names }));
    render();
    onChange();
  }
  return result;
}

function render(): void {
  byId("file-list").replaceChildren(
    ...files.map((file) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = urlOf(file);
      link.download = file.name;
      link.textContent = `${file.name} (${formatBytes(file.bytes.length)})`;
      link.dir = "auto";
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "secondary";
      remove.textContent = t("pad.files.remove");
      remove.setAttribute("aria-label", t("pad.files.remove.name", { name: file.name }));
      remove.addEventListener("click", () => {
        files = files.filter((f) => f !== file);
        const url = urls.get(file);
        if (url) URL.revokeObjectURL(url);
        urls.delete(file);
        announce(t("pad.files.removed", { name: file.name }));
        render();
        onChange();
        byId("files").focus();
      });
      item.append(link, remove);
      return item;
    }),
  );
}

/** Wires the file picker; `changed` runs after every change. `inserted` receives new files to reference in the text. */
export function setUpFiles(changed: () => void, inserted: (added: PayloadFile[]) => void): void {
  onChange = changed;
  const picker = byId<HTMLInputElement>("files");
  picker.addEventListener("change", async () => {
    inserted(await addFiles(picker.files ?? []));
    picker.value = "";
  });
}
