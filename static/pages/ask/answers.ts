/** The answers that came in: each opens once on the note page, with its link key unsealed by the private key. */
import type { RequestAnswer } from "../../../protocol/wire";
import { announce, byId } from "../../shared/dom";
import { disableLanguageSwitch, formatTime, t } from "../../shared/i18n";
import { type AskerKeys, answerLink } from "./keys";

/** Where an answer's note stands: still uploading, ready to open once, or gone (opened, expired or withdrawn). */
export type NoteState = "uploading" | "live" | "gone";
export type Listed = RequestAnswer & { state: NoteState };

/** The server's word on the answer's note; a server that does not say gets the button (the note page then tells). */
export function noteState(answer: RequestAnswer): NoteState {
  if (answer.opened || answer.note === "gone") return "gone";
  return answer.note === "uploading" ? "uploading" : "live";
}

const block = byId("answers-block");
let shown = "";
let openable = 0;

async function open(id: string, keys: AskerKeys, answer: RequestAnswer, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  try {
    const link = await answerLink(id, keys, answer);
    disableLanguageSwitch();
    // Replaced, not pushed: Back from the answer returns to where the asker came from, not to a page that would
    // offer to open a note that is gone once read.
    location.replace(link);
  } catch {
    button.disabled = false;
    announce(t("ask.answer.unsealable"), "error");
  }
}

function item(id: string, keys: AskerKeys, answer: Listed, index: number, count: number): HTMLLIElement {
  const li = document.createElement("li");
  const when = document.createElement("span");
  const at = formatTime(answer.at);
  when.textContent =
    count === 1 ? t("ask.answer.received", { time: at }) : t("ask.answer.received.nth", { n: index + 1, time: at });
  li.append(when);
  if (answer.state !== "live") {
    const note = document.createElement("span");
    note.className = "muted";
    note.textContent = t(answer.state === "gone" ? "ask.answer.gone" : "ask.answer.uploading");
    li.append(note);
    return li;
  }
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = count === 1 ? t("ask.answer.open") : t("ask.answer.open.nth", { n: index + 1 });
  button.addEventListener("click", () => void open(id, keys, answer, button));
  li.append(button);
  return li;
}

/** Lists the answers; redrawn only when something changed, so focus and a screen reader's place are kept. */
export function showAnswers(id: string, keys: AskerKeys, answers: Listed[]): void {
  const key = JSON.stringify(answers.map((a) => [a.noteId, a.state]));
  if (key === shown) return;
  shown = key;
  block.hidden = answers.length === 0;
  byId("answer-list").replaceChildren(...answers.map((a, i) => item(id, keys, a, i, answers.length)));
  const live = answers.filter((a) => a.state === "live").length;
  // Said once per answer that became ready to open, not on every redraw.
  if (live > openable) announce(t("ask.answer.arrived"), "ok");
  openable = live;
}
