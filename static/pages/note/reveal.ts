/** Reveal: unlock with the link key and password, consume one view on the server, then decrypt as it downloads. */
import type { Header } from "../../../crypto/index";
import { deleteNote, openNote } from "../../../protocol/api";
import { ApiError, SAME_ORIGIN } from "../../../protocol/http";
import { randomKey } from "../../../protocol/request-shapes";
import type { NoteOpenMeta } from "../../../protocol/wire";
import { unlockNote } from "../../shared/crypto-client";
import type { Unlocked } from "../../shared/crypto-protocol";
import { announce, byId } from "../../shared/dom";
import { disableLanguageSwitch, t } from "../../shared/i18n";
import { trackProgress } from "../../shared/progress";
import { expected, forget, id, linkKey } from "./link";
import { downloadProblem } from "./problems";
import { receive } from "./receive";
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
      onWait: (wait) => setBusy(t("note.busy.arriving", { seconds: wait })),
    },
  );

function revealed(opened: NoteOpenMeta, unlocked: Unlocked): void {
  const left = opened.viewsLeft;
  if (left === 0) forget();
  byId("after-reveal").textContent =
    left === 0
      ? t("note.after.last")
      : left === null
        ? t("note.after.unlimited")
        : t("note.after.left", { count: left });
  byId("destroy-block").hidden = left === 0;
  byId("destroy").onclick = async () => {
    try {
      await deleteNote(SAME_ORIGIN, id, { proof: unlocked.proof, linkProof: unlocked.linkProof ?? undefined });
      byId("destroy-block").hidden = true;
      if (left === 0) forget();
      byId("after-reveal").textContent = t("note.destroyed.after");
      announce(t("note.destroyed.status"), "ok");
    } catch (error) {
      const gone = error instanceof ApiError && error.status === 404;
      announce(t(gone ? "common.error.already-gone" : "note.destroy.failed"), "error");
    }
  };
  show("content", t("note.content.status"), "ok");
}

export async function reveal(headerB64: string, header: Header): Promise<void> {
  if (header.kdf && !password.value) {
    password.focus();
    byId("password-error").textContent = t("note.password.missing");
    return;
  }
  setBusy(t(header.kdf ? "note.busy.stretching" : "note.busy.decrypting"));
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
      return show("gone", t("note.gone.tries"), "error");
    }
    if (!header.kdf) return problem(t("note.problem.wrong-key"));
    byId("password-error").textContent = Number.isFinite(tries)
      ? t("note.password.wrong.tries", { count: tries })
      : t("note.password.wrong");
    password.select();
    // A wrong password consumed nothing: switching language (a reload) is safe again.
    disableLanguageSwitch(false);
    // The field's own assertive message says it; a second live region would make screen readers repeat it.
    announce("");
    return;
  }
  setBusy(t("note.busy.downloading"));
  try {
    renderPayload(await receive(id, unlocked, opened, trackProgress()));
  } catch (error) {
    if (opened.meta.viewsLeft === 0) forget();
    return problem(downloadProblem(error));
  }
  password.value = "";
  revealed(opened.meta, unlocked);
}
