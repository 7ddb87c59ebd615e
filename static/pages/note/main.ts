/** The open page: describe the note from the non-consuming GET; only a deliberate Reveal consumes a view. */
import { decodeHeader, UnsupportedVersionError, type Header } from "../../../crypto/index";
import { fromBase64Url } from "../../../crypto/base64url";
import { deleteNote, noteStatus, openNote } from "../../../protocol/api";
import { ApiError, SAME_ORIGIN } from "../../../protocol/http";
import type { Opened } from "../../../protocol/wire";
import { CryptoError, decryptNote, unlockNote, warmUp } from "../../shared/crypto-client";
import type { Unlocked } from "../../shared/crypto-protocol";
import { announce, byId, showOnly } from "../../shared/dom";
import { describe, renderFacts } from "./describe";
import { renderPayload } from "./render";

const views = ["about", "content", "gone", "problem"].map((id) => byId(id));
const id = decodeURIComponent(location.pathname.split("/")[2] ?? "");
const linkKey = location.hash.length > 1 ? fromBase64Url(location.hash.slice(1)) : null;
const password = byId<HTMLInputElement>("password");

function show(view: "about" | "content" | "gone" | "problem", message: string, kind: "info" | "error" | "ok" = "info"): void {
  showOnly(views, [byId(view)]);
  announce(message, kind);
  if (view !== "about") byId(`${view}-title`).focus();
}

const problem = (text: string) => {
  byId("problem-text").textContent = text;
  show("problem", text, "error");
};

function setBusy(message: string | null): void {
  byId<HTMLButtonElement>("reveal").disabled = message !== null;
  byId("progress").hidden = message === null;
  byId("progress-text").textContent = message ?? "";
  if (message) announce(message);
}

/** POSTs the proof; a 503 (body still propagating) consumed nothing and is waited out with a notice. */
const open = (unlocked: Unlocked) => openNote(SAME_ORIGIN, id, { proof: unlocked.proof, linkProof: unlocked.linkProof ?? undefined }, {
  onWait: (wait) => setBusy(`The note is still arriving at this server; trying again in ${wait} s…`),
});

function revealed(opened: Opened, unlocked: Unlocked): void {
  const left = opened.viewsLeft;
  byId("after-reveal").textContent =
    left === 0 ? "This was the last view: the note has been destroyed on the server. Copy what you need before leaving this page."
    : left === null ? "The note stays available until it expires."
    : `${left} view${left === 1 ? "" : "s"} left.`;
  byId("destroy-block").hidden = left === 0;
  byId("destroy").onclick = async () => {
    try {
      await deleteNote(SAME_ORIGIN, id, { proof: unlocked.proof, linkProof: unlocked.linkProof ?? undefined });
      byId("destroy-block").hidden = true;
      byId("after-reveal").textContent = "Destroyed: nobody can open this link again.";
      announce("The note has been destroyed.", "ok");
    } catch (error) {
      announce(error instanceof ApiError && error.status === 404 ? "It was already gone." : "Could not destroy it; try again.", "error");
    }
  };
  show("content", "The secret is shown below.", "ok");
}

async function reveal(headerB64: string, header: Header): Promise<void> {
  if (header.kdf && !password.value) {
    password.focus();
    byId("password-error").textContent = "Enter the password first.";
    return;
  }
  setBusy(header.kdf ? "Stretching the password and decrypting…" : "Decrypting…");
  const unlocked = await unlockNote(headerB64, { linkKey: header.link ? linkKey : null, password: header.kdf ? password.value : null });
  let opened: Opened;
  try {
    opened = await open(unlocked);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 403) throw error;
    const tries = Number(error.body.triesLeft);
    if (tries === 0) return show("gone", "Too many wrong attempts: the note destroyed itself.", "error");
    if (!header.kdf) return problem("The key in this link is wrong; the link may have been cut off when it was copied.");
    byId("password-error").textContent = Number.isFinite(tries)
      ? `Wrong password. ${tries} ${tries === 1 ? "try" : "tries"} left before this note destroys itself.`
      : "Wrong password.";
    password.select();
    // The field's own assertive message says it; a second live region would make screen readers repeat it.
    announce("");
    return;
  }
  const bytes = fromBase64Url(opened.body);
  if (!bytes) return problem("The server sent a damaged note. It may have been tampered with.");
  renderPayload(await decryptNote(unlocked, opened.wrappedKey, bytes));
  password.value = "";
  revealed(opened, unlocked);
}

function explain(error: unknown): void {
  if (error instanceof ApiError && error.status === 404) return show("gone", "This secret is not here.", "error");
  if (error instanceof CryptoError && error.code === "unsupported") return problem("This note uses a format this version of hushnote does not know. Nothing was consumed by trying.");
  if (error instanceof CryptoError) return problem("This note failed its integrity check: it was damaged or tampered with, so it is not shown.");
  announce(error instanceof ApiError ? error.message : "Something went wrong. Please try again.", "error");
}

async function start(): Promise<void> {
  if (!/^[A-Za-z0-9_-]{22}$/.test(id)) return show("gone", "This secret is not here.", "error");
  const status = await noteStatus(SAME_ORIGIN, id);
  let header: Header;
  try {
    header = decodeHeader(status.header);
  } catch (error) {
    return problem(error instanceof UnsupportedVersionError
      ? "This note uses a format this version of hushnote does not know. Nothing was consumed."
      : "This note's public header is damaged, so it cannot be opened. Nothing was consumed.");
  }
  if (header.id !== id) return problem("This note failed its integrity check, so it is not shown.");
  if (header.link && !linkKey) return problem("This link is incomplete: the part after # (the key) is missing. Ask the sender for the whole link.");
  renderFacts(byId("facts"), describe(status, header));
  byId("password-field").hidden = !header.kdf;
  byId("reveal-hint").textContent = status.viewsLeft === 1 ? "Revealing destroys it: make sure you can copy it now." : "Revealing uses up one view.";
  byId("reveal-form").addEventListener("submit", (event) => {
    event.preventDefault();
    byId("password-error").textContent = "";
    reveal(status.header, header).catch(explain).finally(() => setBusy(null));
  });
  show("about", "Nothing has been opened yet. Press Reveal when you are ready.");
  warmUp();
  if (header.kdf) password.focus();
}

start().catch(explain);
