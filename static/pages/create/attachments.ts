/** Files attached to a new note: picker, drag and drop, and paste, shown as a removable list. */
import { announce, byId } from "../../shared/dom";
import { formatBytes, lang, t } from "../../shared/i18n";

const files: File[] = [];
let onChange: () => void = () => {};

/** The name shown for a file: a pasted image has none. */
const shownName = (file: File) => file.name || t("create.file.pasted");

/** The attached files, in the order they were added. */
export const attachedFiles = (): readonly File[] => files;

function render(): void {
  const list = byId<HTMLUListElement>("file-list");
  list.replaceChildren(
    ...files.map((file, index) => {
      const item = document.createElement("li");
      const label = document.createElement("span");
      label.textContent = t("create.file.item", { name: shownName(file), size: formatBytes(file.size) });
      // A file name can be in any script; isolated, it keeps its own direction inside the line.
      label.dir = "auto";
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "secondary";
      remove.textContent = t("create.file.remove");
      remove.setAttribute("aria-label", t("create.file.remove.named", { name: shownName(file) }));
      remove.addEventListener("click", () => {
        files.splice(index, 1);
        announce(t("create.file.removed", { name: shownName(file) }));
        update();
        byId("files").focus();
      });
      item.append(label, remove);
      return item;
    }),
  );
}

function update(): void {
  render();
  onChange();
}

function add(added: Iterable<File>): void {
  const names: string[] = [];
  for (const file of added) {
    files.push(file);
    names.push(shownName(file));
  }
  if (names.length)
    announce(
      t("create.file.attached", {
        names: new Intl.ListFormat(lang, { type: "conjunction", style: "narrow" }).format(names),
      }),
    );
  update();
}

/** Wires the picker, drop target and paste handler; `changed` runs after every change (size checks). */
export function setUpAttachments(changed: () => void): void {
  onChange = changed;
  const picker = byId<HTMLInputElement>("files");
  picker.addEventListener("change", () => {
    add(picker.files ?? []);
    picker.value = "";
  });
  const form = byId("create-form");
  form.addEventListener("dragover", (event) => {
    event.preventDefault();
    form.classList.add("dragging");
  });
  form.addEventListener("dragleave", () => form.classList.remove("dragging"));
  form.addEventListener("drop", (event) => {
    event.preventDefault();
    form.classList.remove("dragging");
    add(event.dataTransfer?.files ?? []);
  });
  byId("text").addEventListener("paste", (event) => {
    const pasted = (event as ClipboardEvent).clipboardData?.files;
    // Only files are intercepted; pasted text goes into the text area as usual.
    if (pasted && pasted.length > 0) {
      event.preventDefault();
      add(pasted);
    }
  });
}

/** Forgets all attachments (after a note is created). */
export function clearAttachments(): void {
  files.length = 0;
  update();
}
