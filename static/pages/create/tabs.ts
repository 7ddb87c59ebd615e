/** Extra tabs for paste-style notes: each a title and a text, added and removed on the create page. */
import { announce, byId } from "../../shared/dom";
import { t } from "../../shared/i18n";

let counter = 0;

function field(
  tag: "input" | "textarea",
  id: string,
  labelText: string,
): [HTMLLabelElement, HTMLInputElement | HTMLTextAreaElement] {
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = labelText;
  const control = document.createElement(tag);
  control.id = id;
  control.spellcheck = false;
  control.dir = "auto";
  if (control instanceof HTMLInputElement) control.type = "text";
  return [label, control];
}

function addTab(): void {
  const n = ++counter;
  const card = document.createElement("div");
  card.className = "card tab";
  const [titleLabel, title] = field("input", `tab-title-${n}`, t("create.tab.title", { n }));
  const [textLabel, text] = field("textarea", `tab-text-${n}`, t("create.tab.text", { n }));
  title.classList.add("tab-title");
  text.classList.add("tab-text");
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "secondary";
  remove.textContent = t("create.tab.remove", { n });
  remove.addEventListener("click", () => {
    card.remove();
    announce(t("create.tab.removed", { n }));
    byId("add-tab").focus();
  });
  card.append(titleLabel, title, textLabel, text, remove);
  byId("tab-list").append(card);
  title.focus();
}

/** The tabs with any content, in page order. */
export function readTabs(): { title: string; text: string }[] {
  return [...document.querySelectorAll<HTMLElement>("#tab-list .tab")]
    .map((card) => ({
      title: card.querySelector<HTMLInputElement>(".tab-title")!.value,
      text: card.querySelector<HTMLTextAreaElement>(".tab-text")!.value,
    }))
    .filter((tab) => tab.title !== "" || tab.text !== "");
}

/** Wires the "Add a tab" button. */
export function setUpTabs(): void {
  byId("add-tab").addEventListener("click", addTab);
}

/** Removes every tab (after a note is created). */
export function clearTabs(): void {
  byId("tab-list").replaceChildren();
  counter = 0;
}
