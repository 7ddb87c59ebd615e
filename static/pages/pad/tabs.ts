/** The tab strip and the one editing panel: add, rename, close (with undo), reorder, Markdown preview. */
import { announce, byId } from "../../shared/dom";
import { t } from "../../shared/i18n";
import type { Tab } from "./document";
import { resolveAttachment } from "./files";
import { renderMarkdown } from "./markdown";

let tabs: Tab[] = [];
let active = 0;
let closed: { tab: Tab; index: number } | null = null;
let onChange: () => void = () => {};

const textArea = () => byId<HTMLTextAreaElement>("text");
const titleInput = () => byId<HTMLInputElement>("tab-title");
const previewing = () => byId("preview-toggle").getAttribute("aria-pressed") === "true";
const numbered = (n: number) => t("pad.tab.n", { n });
const label = (tab: Tab, i: number) => tab.title.trim() || numbered(i + 1);

/** The tabs as they are now (the text area is kept in sync on every keystroke). */
export const currentTabs = (): Tab[] => tabs;

/** Replaces all tabs (after opening or reloading) and selects the first. */
export function loadTabs(next: Tab[], select = 0): void {
  tabs = next.map((t) => ({ ...t }));
  closed = null;
  byId("undo-close-block").hidden = true;
  select_(Math.min(select, tabs.length - 1), false);
}

/** Adds a tab after the others, selects it and puts the cursor in its name. */
export function addTab(title: string, text = "", focusName = true): void {
  tabs.push({ title, text, main: false });
  select_(tabs.length - 1, false);
  onChange();
  if (focusName) titleInput().select();
}

function render(): void {
  const list = byId("tablist");
  list.replaceChildren(
    ...tabs.map((tab, i) => {
      const button = document.createElement("button");
      button.type = "button";
      button.role = "tab";
      button.id = `tab-${i}`;
      button.className = "tab";
      button.dir = "auto";
      button.textContent = label(tab, i);
      button.setAttribute("aria-selected", String(i === active));
      button.setAttribute("aria-controls", "panel");
      // Roving tabindex: Tab reaches the strip once; arrow keys move within it.
      button.tabIndex = i === active ? 0 : -1;
      button.addEventListener("click", () => select_(i, true));
      return button;
    }),
  );
  byId("panel").setAttribute("aria-labelledby", `tab-${active}`);
  byId<HTMLButtonElement>("move-left").disabled = active === 0;
  byId<HTMLButtonElement>("move-right").disabled = active === tabs.length - 1;
  byId<HTMLButtonElement>("close-tab").disabled = tabs.length < 2;
}

function select_(index: number, focusTab: boolean): void {
  active = index;
  const tab = tabs[active]!;
  textArea().value = tab.text;
  titleInput().value = tab.title;
  render();
  if (previewing()) renderMarkdown(byId("preview"), tab.text, resolveAttachment);
  if (focusTab) byId(`tab-${active}`).focus();
}

function move(by: -1 | 1, focusTab: boolean): void {
  const to = active + by;
  if (to < 0 || to >= tabs.length) return;
  const [tab] = tabs.splice(active, 1);
  tabs.splice(to, 0, tab!);
  select_(to, focusTab);
  announce(t("pad.tab.moved", { name: label(tab!, to), position: to + 1, total: tabs.length }));
  onChange();
}

function close(): void {
  if (tabs.length < 2) return;
  const [tab] = tabs.splice(active, 1);
  closed = { tab: tab!, index: active };
  byId("undo-close-block").hidden = false;
  select_(Math.min(active, tabs.length - 1), true);
  announce(t("pad.tab.closed", { name: label(tab!, closed.index) }));
  onChange();
}

function setPreview(on: boolean): void {
  byId("preview-toggle").setAttribute("aria-pressed", String(on));
  textArea().hidden = on;
  byId("text-hint").hidden = on;
  byId("preview").hidden = !on;
  if (on) renderMarkdown(byId("preview"), tabs[active]!.text, resolveAttachment);
}

/** Inserts text at the cursor of the current tab (references to pasted images). */
export function insertText(text: string): void {
  const area = textArea();
  const { selectionStart: start, selectionEnd: end, value } = area;
  area.value = value.slice(0, start) + text + value.slice(end);
  area.selectionStart = area.selectionEnd = start + text.length;
  tabs[active]!.text = area.value;
  if (previewing()) renderMarkdown(byId("preview"), area.value, resolveAttachment);
  onChange();
}

/** Refreshes the preview (after attachments change). */
export function refreshPreview(): void {
  if (previewing()) renderMarkdown(byId("preview"), tabs[active]!.text, resolveAttachment);
}

/** Wires the strip, the panel's controls and the keyboard; `changed` runs after every edit. */
export function setUpTabs(changed: () => void): void {
  onChange = changed;
  textArea().addEventListener("input", () => {
    tabs[active]!.text = textArea().value;
    onChange();
  });
  titleInput().addEventListener("input", () => {
    tabs[active]!.title = titleInput().value;
    byId(`tab-${active}`).textContent = label(tabs[active]!, active);
    onChange();
  });
  byId("tablist").addEventListener("keydown", (event) => {
    // Right to left, the strip runs from the right: the left arrow goes to the next tab.
    const back = document.dir === "rtl" ? "ArrowRight" : "ArrowLeft";
    const keys: Record<string, number> = {
      ArrowLeft: back === "ArrowLeft" ? active - 1 : active + 1,
      ArrowRight: back === "ArrowLeft" ? active + 1 : active - 1,
      Home: 0,
      End: tabs.length - 1,
    };
    if (!(event.key in keys)) return;
    event.preventDefault();
    if (event.altKey && event.shiftKey && (event.key === "ArrowLeft" || event.key === "ArrowRight"))
      return move(event.key === back ? -1 : 1, true);
    select_((keys[event.key]! + tabs.length) % tabs.length, true);
  });
  byId("add-tab").addEventListener("click", () => addTab(numbered(tabs.length + 1)));
  byId("move-left").addEventListener("click", () => move(-1, false));
  byId("move-right").addEventListener("click", () => move(1, false));
  byId("close-tab").addEventListener("click", close);
  byId("undo-close").addEventListener("click", () => {
    if (!closed) return;
    tabs.splice(Math.min(closed.index, tabs.length), 0, closed.tab);
    select_(Math.min(closed.index, tabs.length - 1), true);
    closed = null;
    byId("undo-close-block").hidden = true;
    onChange();
  });
  byId("preview-toggle").addEventListener("click", () => setPreview(!previewing()));
}
