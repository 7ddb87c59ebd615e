/** Saving: a moment after typing stops, on Ctrl/Cmd+S and on "Save now", one request at a time, state always visible. */
import type { Payload } from "../../../crypto/index";
import { ApiError } from "../../../protocol/http";
import { transient } from "../../../protocol/retry";
import { announce, byId } from "../../shared/dom";
import { sentences, t } from "../../shared/i18n";
import { explain } from "./page";
import type { PadSession } from "./session";

export type SaveState = "saved" | "unsaved" | "saving" | "conflict" | "error";

const STATES = {
  saved: "pad.save.saved",
  unsaved: "pad.save.unsaved",
  saving: "pad.save.saving",
  conflict: "pad.save.conflict",
  error: "pad.save.error",
} as const satisfies Record<SaveState, string>;

/** Milliseconds of quiet after the last keystroke before an autosave. */
export const AUTOSAVE_DELAY = 1000;

/** Serialises every write to the pad (saves, password change, re-key, delete) and reports the state. */
export class Saver {
  private edits = 0;
  private savedEdits = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private paused = false;
  /** The edits a save whose answer never came had seen: when it is confirmed, they are saved. */
  private unconfirmedMark = 0;

  constructor(
    private readonly session: PadSession,
    private readonly snapshot: () => Payload,
    private readonly conflict: () => void,
  ) {
    document.addEventListener("keydown", (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        void this.saveNow();
      }
    });
    // The browser's own "leave site?" prompt: the one warning a page may give before unsaved text is lost.
    addEventListener("beforeunload", (event) => {
      if (this.dirty) event.preventDefault();
    });
    byId("save").addEventListener("click", () => void this.saveNow());
  }

  get dirty(): boolean {
    return this.edits !== this.savedEdits;
  }

  /** Something in the editor changed. */
  changed(): void {
    this.edits++;
    if (this.paused) return;
    this.show("unsaved");
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.saveNow(), AUTOSAVE_DELAY);
  }

  /** The editor now shows exactly what the server has (after opening or taking their version). */
  markSaved(): void {
    this.savedEdits = this.edits;
    this.show("saved");
  }

  /** Autosave resumes after a conflict is resolved. */
  resume(): void {
    this.paused = false;
    this.show(this.dirty ? "unsaved" : "saved");
  }

  /** Runs `op` after every earlier write has finished. */
  exclusive<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => {});
    return next;
  }

  /** Saves now if anything changed (waits for a save already in flight). */
  saveNow(force = false): Promise<void> {
    clearTimeout(this.timer);
    if (this.paused && !force) return Promise.resolve();
    return this.exclusive(async () => {
      if (!this.dirty && !force) return;
      const mark = this.edits;
      let sending = this.unconfirmedMark;
      this.show("saving");
      try {
        // A save whose answer never came goes first, as it was; if nothing was typed since, that was the whole job.
        if (await this.session.resend()) this.savedEdits = sending;
        sending = mark;
        let upgraded = false;
        if (this.dirty || force) upgraded = (await this.session.save(this.snapshot())).upgraded;
        this.savedEdits = mark;
        this.show(this.dirty ? "unsaved" : "saved", upgraded ? t("pad.save.upgraded") : "");
        if (this.dirty) this.changed();
      } catch (error) {
        if (this.session.unconfirmedSave) this.unconfirmedMark = sending;
        this.failed(error);
      }
    });
  }

  private failed(error: unknown): void {
    if (error instanceof ApiError && error.status === 409) {
      this.paused = true;
      this.show("conflict");
      this.conflict();
      return;
    }
    if (!transient(error)) {
      this.show("error", explain(error));
      return;
    }
    // The save itself already retried; the page keeps trying, slower, as long as it stays open.
    const seconds = error.retryAfter ?? 5;
    // An earlier "created… saved automatically" would contradict this; the save state alone tells what holds now.
    announce("");
    this.show("error", t(error.status === 0 ? "pad.save.offline" : "pad.save.busy", { seconds }));
    this.timer = setTimeout(() => void this.saveNow(), seconds * 1000);
  }

  /** Shows the state in the live region and on the page. */
  show(state: SaveState, detail = ""): void {
    const text = t(STATES[state], { version: String(this.session.version) });
    const element = byId("save-state");
    element.dataset.state = state;
    element.textContent = sentences(text, detail);
  }
}
