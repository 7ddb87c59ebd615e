/** Reveal: unlock with the link key and password, consume one view on the server, then decrypt as it downloads. */
import { type Header, HushnoteCryptoError, UnsupportedVersionError } from "../../../crypto/index";
import { deleteNote, openNote } from "../../../protocol/api";
import { ApiError, SAME_ORIGIN } from "../../../protocol/http";
import { randomKey } from "../../../protocol/request-shapes";
import type { NoteOpenMeta } from "../../../protocol/wire";
import { unlockNote } from "../../shared/crypto-client";
import type { Unlocked } from "../../shared/crypto-protocol";
import { announce, byId } from "../../shared/dom";
import { trackProgress } from "../../shared/progress";
import { expected, forget, id, linkKey } from "./link";
import { PartlySavedError, receive } from "./receive";
import { renderPayload } from "./render";
import { password, problem, setBusy, show } from "./view";

/**
 * This page's download grant, one per page load: if Reveal gave up after an open whose answer was lost had used the
 * view, pressing it again presents the same grant, and the server answers that open again instead of "gone".
 */
const grant = randomKey(32);

/** POSTs the proof; a 503 (body still propagating) consumed nothing and is waited out with a notice. */
const open = (unlocked: Unlocked) =>
  openNote(
    SAME_ORIGIN,
    id,
    { proof: unlocked.proof, linkProof: unlocked.linkProof ?? undefined, grant },
    {
      onWait: (wait) => setBusy(`The note is still arriving at this server; trying again in ${wait} s…`),
    },
  );

function revealed(opened: NoteOpenMeta, unlocked: Unlocked): void {
  const left = opened.viewsLeft;
  if (left === 0) forget();
  byId("after-reveal").textContent =
    left === 0
      ? "This was the last view: the note has been destroyed on the server. Copy what you need before leaving this page."
      : left === null
        ? "The note stays available until it expires."
        : `${left} view${left === 1 ? "" : "s"} left.`;
  byId("destroy-block").hidden = left === 0;
  byId("destroy").onclick = async () => {
    try {
      await deleteNote(SAME_ORIGIN, id, { proof: unlocked.proof, linkProof: unlocked.linkProof ?? undefined });
      byId("destroy-block").hidden = true;
      if (left === 0) forget();
      byId("after-reveal").textContent = "Destroyed: nobody can open this link again.";
      announce("The note has been destroyed.", "ok");
    } catch (error) {
      announce(
        error instanceof ApiError && error.status === 404 ? "It was already gone." : "Could not destroy it; try again.",
        "error",
      );
    }
  };
  show("content", "The secret is shown below.", "ok");
}

export async function reveal(headerB64: string, header: Header): Promise<void> {
  if (header.kdf && !password.value) {
    password.focus();
    byId("password-error").textContent = "Enter the password first.";
    return;
  }
  setBusy(header.kdf ? "Stretching the password and decrypting…" : "Decrypting…");
  const unlocked = await unlockNote(
    headerB64,
    { linkKey, password: header.kdf ? password.value : null },
    { expect: expected },
  );
  let opened: Awaited<ReturnType<typeof open>>;
  try {
    opened = await open(unlocked);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 403) throw error;
    const tries = Number(error.body.triesLeft);
    if (tries === 0) {
      forget();
      return show("gone", "Too many wrong attempts: the note destroyed itself.", "error");
    }
    if (!header.kdf)
      return problem("The key in this link is wrong; the link may have been cut off when it was copied.");
    byId("password-error").textContent = Number.isFinite(tries)
      ? `Wrong password. ${tries} ${tries === 1 ? "try" : "tries"} left before this note destroys itself.`
      : "Wrong password.";
    password.select();
    // The field's own assertive message says it; a second live region would make screen readers repeat it.
    announce("");
    return;
  }
  setBusy("Downloading and decrypting…");
  try {
    renderPayload(await receive(id, unlocked, opened, trackProgress()));
  } catch (error) {
    if (opened.meta.viewsLeft === 0) forget();
    return problem(downloadProblem(error));
  }
  password.value = "";
  revealed(opened.meta, unlocked);
}

/** After the view was consumed: why nothing is shown. */
function downloadProblem(error: unknown): string {
  if (error instanceof PartlySavedError)
    return `${downloadProblem(error.cause)} Delete ${error.names.join(", ")} where you chose to save it: that file is not the sender's.`;
  if (error instanceof UnsupportedVersionError)
    return "This note uses a format this version of hushnote does not know, so it cannot be shown.";
  if (error instanceof HushnoteCryptoError)
    return "This note failed its integrity check: it was damaged, cut short or tampered with, so it is not shown.";
  if (error instanceof ApiError) return `The download broke off and could not be resumed: ${error.message}`;
  // A write to the chosen file failed (disk full, the file moved or its permission withdrawn).
  if (error instanceof DOMException) return `The file could not be written: ${error.message}`;
  return "The note could not be decrypted in this browser. Please try again.";
}
