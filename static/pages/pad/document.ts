/** The notepad's contents as the editor sees them (titled tabs and attachments), and their mapping to a payload. */
import type { Payload, PayloadFile } from "../../../crypto/index";
import { t } from "../../shared/i18n";

/** One tab; `main` marks the tab that holds the payload's untitled `text`. */
export interface Tab {
  title: string;
  text: string;
  main: boolean;
}
export interface PadDocument {
  tabs: Tab[];
  files: PayloadFile[];
}

/** The title shown for the payload's `text` (which has no title of its own), in the page's language. */
export const mainTitle = () => t("pad.text");

/**
 * Payload → tabs: a non-empty `text` (or an empty pad) becomes a first tab named "Text", then the titled tabs.
 * The CLI reads and writes `text`, so a pad edited from both keeps one shared main text.
 */
export function fromPayload(payload: Payload): PadDocument {
  const tabs: Tab[] = payload.tabs.map((t) => ({ title: t.title, text: t.text, main: false }));
  if (payload.text !== "" || tabs.length === 0) tabs.unshift({ title: mainTitle(), text: payload.text, main: true });
  return { tabs, files: payload.files.map((f) => ({ ...f })) };
}

/** Tabs → payload: a first tab that is still the unrenamed main tab goes back into `text`; every other tab keeps its title. */
export function toPayload(doc: PadDocument): Payload {
  const [first, ...rest] = doc.tabs;
  const mainFirst = first?.main === true && first.title === mainTitle();
  const titled = mainFirst ? rest : doc.tabs;
  return {
    text: mainFirst ? first.text : "",
    tabs: titled.map((t) => ({ title: t.title, text: t.text })),
    files: doc.files.map((f) => ({ name: f.name, type: f.type, bytes: f.bytes })),
  };
}

/** A file name not yet used in `taken`: "image.png", "image-2.png", … (tabs refer to attachments by name). */
export function uniqueName(wanted: string, taken: ReadonlySet<string>): string {
  const clean = wanted.replace(/[\s()[\]<>\\]+/g, "-").replace(/^-+|-+$/g, "") || "file";
  if (!taken.has(clean)) return clean;
  const dot = clean.lastIndexOf(".");
  const [stem, ext] = dot > 0 ? [clean.slice(0, dot), clean.slice(dot)] : [clean, ""];
  for (let n = 2; ; n++) if (!taken.has(`${stem}-${n}${ext}`)) return `${stem}-${n}${ext}`;
}

/** How a tab refers to an attachment in its Markdown: `![name](attachment:name)`, or a link for other files. */
export function attachmentReference(file: { name: string; type: string }): string {
  const target = `attachment:${encodeURIComponent(file.name)}`;
  return file.type.startsWith("image/") ? `![${file.name}](${target})` : `[${file.name}](${target})`;
}
