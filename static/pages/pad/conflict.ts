/** A 409: show their version next to mine and let the person choose; nothing is dropped without a click. */
import type { PayloadFile } from "../../../crypto/index";
import { ApiError } from "../../../protocol/http";
import { CryptoError } from "../../shared/crypto-client";
import { announce, byId } from "../../shared/dom";
import type { Saver } from "./autosave";
import { fromPayload, MAIN_TITLE, type PadDocument, type Tab, uniqueName } from "./document";
import { currentFiles, loadFiles } from "./files";
import { AlarmingChangeError, type PadSession } from "./session";
import { currentTabs, loadTabs } from "./tabs";

const same = (a: Tab, b: Tab) => a.title === b.title && a.text === b.text;

/** Their tabs, then each of my tabs they do not have, marked "(mine)"; their files, then mine they lack. */
export function merge(theirs: PadDocument, mine: PadDocument): PadDocument {
  const extra = mine.tabs.filter((tab) => !theirs.tabs.some((t) => same(t, tab)));
  const tabs = [
    ...theirs.tabs,
    ...extra.map((t) => ({ title: `${t.title || MAIN_TITLE} (mine)`, text: t.text, main: false })),
  ];
  const files: PayloadFile[] = [...theirs.files];
  const taken = new Set(files.map((f) => f.name));
  for (const file of mine.files) {
    const twin = theirs.files.find((f) => f.name === file.name);
    if (twin && twin.bytes.length === file.bytes.length && twin.bytes.every((b, i) => b === file.bytes[i])) continue;
    // A clash of names keeps both; my tabs still point at the old name, so this is rare and said in the list.
    const name = twin ? uniqueName(file.name, taken) : file.name;
    taken.add(name);
    files.push({ ...file, name });
  }
  return { tabs, files };
}

function renderTheirs(doc: PadDocument, version: number): void {
  const intro = document.createElement("p");
  intro.textContent = `Their version (version ${version}) has ${doc.tabs.length} tab${doc.tabs.length === 1 ? "" : "s"}:`;
  const blocks = doc.tabs.map((tab, i) => {
    const details = document.createElement("details");
    details.open = i === 0;
    const summary = document.createElement("summary");
    summary.textContent = tab.title || "Untitled tab";
    const pre = document.createElement("pre");
    pre.className = "secret";
    pre.textContent = tab.text;
    details.append(summary, pre);
    return details;
  });
  byId("theirs").replaceChildren(intro, ...blocks);
}

/** Why their version is not shown; the person's own text always stays in the editor. */
function unreadable(error: unknown): string {
  const keep = "Your text is still in the editor: copy it";
  if (error instanceof AlarmingChangeError) {
    return `Its password settings changed in a way this browser did not expect, so your password was not used for it. ${keep}, then reload this page to see the warning and decide.`;
  }
  if (error instanceof CryptoError && (error.code === "rollback" || error.code === "mismatch")) {
    return `The server sent an older version than this browser has seen, or another notepad, so it is not shown. ${keep} before leaving this page.`;
  }
  if (error instanceof ApiError && (error.status === 403 || error.status === 429)) {
    return `Its password was changed elsewhere, so their version cannot be shown. ${keep}, then reload this page and open the notepad with the new password.`;
  }
  if (error instanceof ApiError && error.status === 404)
    return `It was deleted elsewhere. ${keep} before leaving this page.`;
  return "Their version could not be fetched. Your text is still in the editor; try Save now again in a moment.";
}

/** Opens the conflict panel: fetches their version and wires the three choices. */
export async function handleConflict(session: PadSession, saver: Saver): Promise<void> {
  const panel = byId("conflict");
  const buttons = ["keep-mine", "take-theirs", "overwrite"].map((id) => byId<HTMLButtonElement>(id));
  panel.hidden = false;
  byId("theirs").textContent = "Fetching their version…";
  for (const button of buttons) button.hidden = true;
  let latest: Awaited<ReturnType<PadSession["latest"]>>;
  try {
    latest = await session.latest();
  } catch (error) {
    const text = unreadable(error);
    byId("theirs").textContent = text;
    announce(text, "error");
    return;
  }
  const theirs = fromPayload(latest.payload);
  renderTheirs(theirs, latest.version);
  for (const button of buttons) button.hidden = false;
  byId("conflict-title").focus();

  const done = (message: string) => {
    panel.hidden = true;
    announce(message, "ok");
    byId("text").focus();
  };
  buttons[0]!.onclick = () => {
    const merged = merge(theirs, { tabs: currentTabs(), files: currentFiles() });
    loadTabs(merged.tabs, theirs.tabs.length < merged.tabs.length ? theirs.tabs.length : 0);
    loadFiles(merged.files);
    session.version = latest.version;
    saver.resume();
    saver.changed();
    void saver.saveNow();
    done("Their version is loaded, with your changes as new tabs marked “(mine)”. Saving…");
  };
  buttons[1]!.onclick = () => {
    loadTabs(theirs.tabs);
    loadFiles(theirs.files);
    session.version = latest.version;
    saver.resume();
    saver.markSaved();
    done("Their version is loaded; your unsaved changes were discarded.");
  };
  buttons[2]!.onclick = () => {
    session.version = latest.version;
    saver.resume();
    void saver.saveNow(true);
    done("Saving your version over theirs…");
  };
}
