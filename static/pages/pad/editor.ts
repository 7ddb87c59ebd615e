/** The editor: tabs, files and settings wired to an autosaving session once the notepad is created or opened. */
import type { Payload } from "../../../crypto/index";
import { byId } from "../../shared/dom";
import { t } from "../../shared/i18n";
import { Saver } from "./autosave";
import { handleConflict } from "./conflict";
import { attachmentReference, fromPayload, toPayload } from "./document";
import { addFiles, currentFiles, loadFiles, setUpFiles } from "./files";
import { show, showTitle, slug, unavailable } from "./page";
import type { PadSession } from "./session";
import { describeKdf, setUpSettings } from "./settings";
import { currentTabs, insertText, loadTabs, refreshPreview, setUpTabs } from "./tabs";

function snapshot(): Payload {
  return toPayload({ tabs: currentTabs(), files: currentFiles() });
}

export function startEditor(session: PadSession, payload: Payload, message: string): void {
  const doc = fromPayload(payload);
  const saver = new Saver(session, snapshot, () => void handleConflict(session, saver));
  const changed = () => saver.changed();
  setUpTabs(changed);
  setUpFiles(
    () => {
      refreshPreview();
      changed();
    },
    (added) => insertText(added.map(attachmentReference).join("\n")),
  );
  loadTabs(doc.tabs);
  loadFiles(doc.files);
  const text = byId<HTMLTextAreaElement>("text");
  const attach = async (files: FileList | undefined | null, event: Event) => {
    if (!files || files.length === 0) return;
    // Only files are intercepted; pasted or dropped text goes into the tab as usual.
    event.preventDefault();
    const added = await addFiles(files);
    insertText(added.map(attachmentReference).join("\n"));
  };
  text.addEventListener("paste", (event) => void attach(event.clipboardData?.files, event));
  text.addEventListener("dragover", (event) => event.preventDefault());
  text.addEventListener("drop", (event) => void attach(event.dataTransfer?.files, event));
  setUpSettings(session, saver, snapshot, () => {
    saver.markSaved();
    unavailable(t("pad.deleted"));
  });
  saver.markSaved();
  showTitle();
  document.title = `hushnote: ${slug}`;
  show("editor", message, "ok");
  describeKdf(session);
  text.focus();
}
