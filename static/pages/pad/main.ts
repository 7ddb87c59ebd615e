/** The notepad page, /p/<slug>: create at a free address, open with the password, edit and save. */
import {
  checkHeader,
  comparePadMemory,
  decodeHeader,
  type Header,
  HeaderMismatchError,
  type Payload,
  UnsupportedVersionError,
} from "../../../crypto/index";
import { getConfig, padStatus } from "../../../protocol/api";
import { ApiError, SAME_ORIGIN } from "../../../protocol/http";
import { isUsableSlug, slugProblem } from "../../../protocol/slug";
import type { Config } from "../../../protocol/wire";
import { CryptoError, warmUp } from "../../shared/crypto-client";
import { announce, byId, showOnly } from "../../shared/dom";
import { setUpPasswordField } from "../../shared/password-field";
import { Saver } from "./autosave";
import { handleConflict } from "./conflict";
import { attachmentReference, fromPayload, toPayload } from "./document";
import { addFiles, currentFiles, loadFiles, setUpFiles } from "./files";
import { rememberedPad } from "./memory";
import { DamagedError, expectPad, PadSession } from "./session";
import { describeKdf, setUpSettings } from "./settings";
import { currentTabs, insertText, loadTabs, refreshPreview, setUpTabs } from "./tabs";
import { warnOfChanges } from "./warning";

type View = "unavailable" | "free" | "changed" | "locked" | "editor";
const views = ["unavailable", "free", "changed", "locked", "editor"].map((id) => byId(id));
const slug = decodeURIComponent(location.pathname.split("/")[2] ?? "");
let retryTimer: ReturnType<typeof setInterval> | undefined;
/** When the server's Retry-After wait ends (ms since the epoch). */
let waitUntil = 0;

function show(view: View, message: string, kind: "info" | "error" | "ok" = "info"): void {
  showOnly(views, [byId(view)]);
  announce(message, kind);
}

/** Says why there is no notepad to show; `alarm` for a refusal that protects the person from the server. */
function unavailable(text: string, title = "No notepad here", alarm = false): void {
  byId("unavailable-title").textContent = title;
  byId("unavailable-text").textContent = text;
  byId("unavailable").classList.toggle("alarm", alarm);
  byId("unavailable-elsewhere").hidden = alarm;
  // The card says it once; focus on its title makes screen readers read it.
  show("unavailable", "");
  byId("unavailable-title").focus();
}

function setBusy(message: string | null, button?: HTMLButtonElement): void {
  if (button) button.disabled = message !== null;
  byId("progress").hidden = message === null;
  byId("progress-text").textContent = message ?? "";
  if (message) announce(message);
}

/** Counts down a Retry-After wait on the Open button, so the person sees when the next try is possible. */
function wait(seconds: number, error: HTMLElement, prefix: string): void {
  const button = byId<HTMLButtonElement>("open");
  let left = Math.ceil(seconds);
  waitUntil = Date.now() + left * 1000;
  clearInterval(retryTimer);
  const tick = () => {
    error.textContent = `${prefix} The next try is possible in ${left} s.`;
    button.disabled = left > 0;
    if (left-- <= 0) {
      clearInterval(retryTimer);
      error.textContent = `${prefix} You can try again now.`;
    }
  };
  tick();
  retryTimer = setInterval(tick, 1000);
}

function snapshot(): Payload {
  return toPayload({ tabs: currentTabs(), files: currentFiles() });
}

function startEditor(session: PadSession, payload: Payload, message: string): void {
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
    unavailable("The notepad was deleted. Its address is free again.");
  });
  saver.markSaved();
  byId("title").textContent = `Notepad ${slug}`;
  document.title = `hushnote: ${slug}`;
  show("editor", message, "ok");
  describeKdf(session);
  text.focus();
}

function setUpCreate(config: Config): void {
  const field = setUpPasswordField(
    {
      input: "new-password",
      show: "new-show",
      generate: "new-generate",
      strength: "new-strength",
      repeat: "new-repeat",
    },
    "pad",
  );
  const password = byId<HTMLInputElement>("new-password");
  const repeat = byId<HTMLInputElement>("new-repeat");
  byId("create-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = byId("create-error");
    error.textContent = field.problem();
    if (error.textContent) return password.focus();
    const button = byId<HTMLButtonElement>("create");
    setBusy(
      `Stretching the password (${config.defaultKdfIterations.toLocaleString("en")} rounds) and creating the notepad…`,
      button,
    );
    try {
      const session = await PadSession.create(slug, config, password.value);
      password.value = repeat.value = "";
      startEditor(
        session,
        { text: "", tabs: [], files: [] },
        "The notepad is created. Everything you type is encrypted and saved automatically.",
      );
    } catch (thrown) {
      error.textContent =
        thrown instanceof ApiError && thrown.status === 409
          ? "Someone created a notepad here a moment ago. Reload the page to open it with its password."
          : explain(thrown);
    } finally {
      setBusy(null, button);
    }
  });
}

function setUpOpen(config: Config, header: string): void {
  const password = byId<HTMLInputElement>("password");
  byId("open-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = byId("open-error");
    error.textContent = "";
    if (!password.value) {
      error.textContent = "Enter the password first.";
      return password.focus();
    }
    const button = byId<HTMLButtonElement>("open");
    setBusy("Stretching the password and decrypting…", button);
    try {
      const { session, payload } = await PadSession.open(slug, header, config, password.value);
      password.value = "";
      startEditor(session, payload, `Opened version ${session.version}.`);
    } catch (thrown) {
      if (thrown instanceof CryptoError && thrown.code === "rollback") return refuseRollback();
      if (!(thrown instanceof ApiError) || (thrown.status !== 403 && thrown.status !== 429)) {
        error.textContent = explain(thrown);
        return;
      }
      const prefix = thrown.status === 403 ? "That password is wrong." : "Too many wrong passwords.";
      if (thrown.retryAfter) wait(thrown.retryAfter, error, prefix);
      else error.textContent = prefix;
      password.select();
      announce("");
    } finally {
      setBusy(null);
      byId<HTMLButtonElement>("open").disabled = waitUntil > Date.now();
    }
  });
}

/** The server sent a body older than one this browser has seen: nothing is shown, so nothing older is saved over it. */
function refuseRollback(): void {
  const seen = rememberedPad(slug)?.bodyVersion;
  unavailable(
    `The server sent an older version of this notepad than the one this browser has already seen (version ${seen}). Someone may be trying to undo recent changes, so nothing is shown and nothing can be saved over them. Try again later, or from another network.`,
    "Older version refused",
    true,
  );
}

function notAskedFor(header: Header | undefined): void {
  const what = header?.kind === "pad" ? `a different notepad (“${header.id}”)` : "something that is not this notepad";
  unavailable(
    `The server answered this address with ${what}. Nothing is shown, and your password was not asked for.`,
    "Not the notepad you asked for",
    true,
  );
}

function explain(error: unknown): string {
  if (error instanceof CryptoError && error.code === "mismatch")
    return "The server sent a different notepad than this address names, so nothing is shown.";
  if (error instanceof CryptoError && error.code === "unsupported")
    return "This notepad uses a format this version of hushnote does not know.";
  if (error instanceof CryptoError || error instanceof DamagedError)
    return "This notepad failed its integrity check: it was damaged or tampered with, so it is not shown.";
  if (error instanceof ApiError) return error.message;
  return "Something went wrong. Please try again.";
}

async function start(): Promise<void> {
  if (!isUsableSlug(slug)) {
    return unavailable(
      slugProblem(slug) ?? "This is not a notepad address. Addresses are 1–64 lowercase letters, digits and dashes.",
    );
  }
  byId("title").textContent = `Notepad ${slug}`;
  const config = await getConfig(SAME_ORIGIN);
  if (config.notepads === false) return unavailable("Notepads are turned off on this server.");
  const status = await padStatus(SAME_ORIGIN, slug);
  warmUp();
  if (!status) {
    setUpCreate(config);
    // A server that claims the pad is gone gains nothing: a new pad gets a fresh salt from this browser.
    byId("free-before").hidden = rememberedPad(slug) === null;
    show("free", "This address is free.");
    return byId("new-password").focus();
  }
  let header: Header | undefined;
  try {
    header = decodeHeader(status.header);
    // The notepad this page's own address names, whatever address the server's answer echoes.
    await checkHeader(header, { expect: expectPad(slug) });
  } catch (error) {
    if (error instanceof HeaderMismatchError) return notAskedFor(header);
    return unavailable(
      error instanceof UnsupportedVersionError
        ? "This notepad uses a format this version of hushnote does not know."
        : "This notepad's public header is damaged, so it cannot be opened.",
    );
  }
  setUpOpen(config, status.header);
  const remembered = rememberedPad(slug);
  const { alarming, changes } = comparePadMemory(remembered, header);
  // Compared before the password is asked for, stretched or proven: a changed salt could be a server's offline attack.
  if (alarming && remembered) {
    show("changed", "Your password has not been asked for yet: read the warning below first.", "error");
    return warnOfChanges(changes, remembered, header, {
      stop: () =>
        unavailable(
          "Nothing was sent and your password was not used. If you did not change this notepad, do not open it from this server. Reload this page to decide again.",
          "Stopped",
          true,
        ),
      proceed: () =>
        showLocked(
          "You chose to continue. Enter the password; this browser remembers the notepad's new settings once it opens.",
        ),
    });
  }
  showLocked("This notepad is locked. Enter its password.");
}

function showLocked(message: string): void {
  show("locked", message);
  byId("password").focus();
}

start().catch((error: unknown) => unavailable(explain(error)));
