/** Password change and re-encrypt (both re-key: a fresh data key), and delete with confirmation. */
import type { Payload } from "../../../crypto/index";
import { ApiError } from "../../../protocol/http";
import { announce, byId } from "../../shared/dom";
import { t } from "../../shared/i18n";
import { setUpPasswordField } from "../../shared/password-field";
import type { Saver } from "./autosave";
import { explain } from "./page";
import type { PadSession } from "./session";

/** Says which KDF strength the pad has now, and that a save upgrades it when it is below the server's default. */
export function describeKdf(session: PadSession): void {
  const count = session.header.kdf?.iterations ?? 0;
  byId("kdf-note").textContent = session.needsUpgrade ? t("pad.kdf.low", { count }) : t("pad.kdf", { count });
}

function failure(error: unknown): string {
  return error instanceof ApiError && error.status === 409 ? t("pad.settings.conflict") : explain(error);
}

/** Wires the settings; `deleted` runs after a successful delete, `snapshot` gives the editor's payload for re-keying. */
export function setUpSettings(session: PadSession, saver: Saver, snapshot: () => Payload, deleted: () => void): void {
  const field = setUpPasswordField(
    {
      input: "next-password",
      show: "next-show",
      generate: "next-generate",
      strength: "next-strength",
      repeat: "next-repeat",
    },
    "pad",
  );
  const next = byId<HTMLInputElement>("next-password");
  const repeat = byId<HTMLInputElement>("next-repeat");
  describeKdf(session);

  byId("password-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = byId("password-error");
    error.textContent = field.problem();
    if (error.textContent) return next.focus();
    const button = byId<HTMLButtonElement>("change");
    button.disabled = true;
    announce(t("pad.pw.changing"));
    try {
      await saver.exclusive(() => session.changePassword(next.value, snapshot()));
      next.value = repeat.value = "";
      field.reset();
      byId<HTMLDetailsElement>("change-password").open = false;
      saver.markSaved();
      describeKdf(session);
      announce(t("pad.pw.changed"), "ok");
    } catch (thrown) {
      error.textContent = failure(thrown);
    } finally {
      button.disabled = false;
    }
  });

  byId("rekey").addEventListener("click", async () => {
    const button = byId<HTMLButtonElement>("rekey");
    button.disabled = true;
    announce(t("pad.rekey.busy"));
    try {
      await saver.exclusive(() => session.rekey(snapshot()));
      saver.markSaved();
      describeKdf(session);
      announce(t("pad.rekey.done"), "ok");
    } catch (thrown) {
      announce(failure(thrown), "error");
    } finally {
      button.disabled = false;
    }
  });

  const confirmVisible = (visible: boolean) => {
    byId("confirm-delete-block").hidden = !visible;
    byId("delete").setAttribute("aria-expanded", String(visible));
    (visible ? byId("confirm-delete") : byId("delete")).focus();
  };
  byId("delete").addEventListener("click", () => confirmVisible(byId("confirm-delete-block").hidden));
  byId("cancel-delete").addEventListener("click", () => confirmVisible(false));
  byId("confirm-delete").addEventListener("click", async () => {
    try {
      await saver.exclusive(() => session.remove());
      deleted();
    } catch (thrown) {
      announce(error404(thrown) ? t("common.error.already-gone") : failure(thrown), "error");
    }
  });
}

const error404 = (e: unknown) => e instanceof ApiError && e.status === 404;
