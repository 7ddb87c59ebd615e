/** A 409: show their version next to mine and let the person choose; nothing is dropped without a click. */
import type { PayloadFile } from "../../../crypto/index";
import { ApiError } from "../../../protocol/http";
import { CryptoError } from "../../shared/crypto-client";
import { announce, byId } from "../../shared/dom";
import { t } from "../../shared/i18n";
import type { Saver } from "./autosave";
import { fromPayload, mainTitle, type PadDocument, type Tab, uniqueName } from "./document";
import { currentFiles, loadFiles } from "./files";
import { AlarmingChangeError, type PadSession } from "./session";
import { currentTabs, loadTabs } from "./tabs";

const same = (a: Tab, b: Tab) => a.title === b.title && a.text === b.text;

/** Their tabs, then each of my tabs they do not have, marked "(mine)"; their files, then mine they lack. */
export function merge(theirs: PadDocument, mine: PadDocument): PadDocument {
  const extra = mine.tabs.filter((tab) => !theirs.tabs.some((other) => same(other, tab)));
  const tabs = [
    ...theirs.tabs,
    ...extra.map((tab) => ({
      title: t("pad.conflict.mine", { title: tab.title || mainTitle() }),
      text: tab.text,
      main: false,
    })),
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
  intro.textContent = t("pad.conflict.theirs", { version: String(version), count: doc.tabs.length });
  const blocks = doc.tabs.map((tab, i) => {
    const details = document.createElement("details");
    details.open = i === 0;
    const summary = document.createElement("summary");
    summary.textContent = tab.title || t("pad.tab.untitled");
    summary.dir = "auto";
    const pre = document.createElement("pre");
    pre.className = "secret";
    pre.dir = "auto";
    pre.textContent = tab.text;
    details.append(summary, pre);
    return details;
  });
  byId("theirs").replaceChildren(intro, ...blocks);
}

/** Why their version is not shown; the person's own text always stays in the editor. */
function unreadable(error: unknown): string {
  if (error instanceof AlarmingChangeError) return t("pad.conflict.alarm");
  if (error instanceof CryptoError && (error.code === "rollback" || error.code === "mismatch"))
    return t("pad.conflict.older");
  if (error instanceof ApiError && (error.status === 403 || error.status === 429)) return t("pad.conflict.password");
  if (error instanceof ApiError && error.status === 404) return t("pad.conflict.deleted");
  return t("pad.conflict.unfetched");
}

/** Opens the conflict panel: fetches their version and wires the three choices. */
export async function handleConflict(session: PadSession, saver: Saver): Promise<void> {
  const panel = byId("conflict");
  const buttons = ["keep-mine", "take-theirs", "overwrite"].map((id) => byId<HTMLButtonElement>(id));
  panel.hidden = false;
  byId("theirs").textContent = t("pad.conflict.fetching");
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
    done(t("pad.conflict.kept"));
  };
  buttons[1]!.onclick = () => {
    loadTabs(theirs.tabs);
    loadFiles(theirs.files);
    session.version = latest.version;
    saver.resume();
    saver.markSaved();
    done(t("pad.conflict.taken"));
  };
  buttons[2]!.onclick = () => {
    session.version = latest.version;
    saver.resume();
    void saver.saveNow(true);
    done(t("pad.conflict.overwriting"));
  };
}
