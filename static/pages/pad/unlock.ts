/** The two ways into a notepad: create it at a free address, or open it with its password (with Retry-After waits). */
import { ApiError } from "../../../protocol/http";
import type { Config } from "../../../protocol/wire";
import { CryptoError } from "../../shared/crypto-client";
import { announce, byId } from "../../shared/dom";
import { sentences, t } from "../../shared/i18n";
import { setUpPasswordField } from "../../shared/password-field";
import { startEditor } from "./editor";
import { explain, refuseRollback, setBusy, slug } from "./page";
import { PadSession } from "./session";

let retryTimer: ReturnType<typeof setInterval> | undefined;
/** When the server's Retry-After wait ends (ms since the epoch). */
let waitUntil = 0;

/** Counts down a Retry-After wait on the Open button, so the person sees when the next try is possible. */
function wait(seconds: number, error: HTMLElement, prefix: string): void {
  const button = byId<HTMLButtonElement>("open");
  let left = Math.ceil(seconds);
  waitUntil = Date.now() + left * 1000;
  clearInterval(retryTimer);
  const tick = () => {
    error.textContent = sentences(prefix, t("pad.open.wait", { seconds: left }));
    button.disabled = left > 0;
    if (left-- <= 0) {
      clearInterval(retryTimer);
      error.textContent = sentences(prefix, t("pad.open.now"));
    }
  };
  tick();
  retryTimer = setInterval(tick, 1000);
}

export function setUpCreate(config: Config): void {
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
    setBusy(t("pad.free.busy", { count: config.defaultKdfIterations }), button);
    try {
      const session = await PadSession.create(slug, config, password.value);
      password.value = repeat.value = "";
      startEditor(session, { text: "", tabs: [], files: [] }, t("pad.free.done"));
    } catch (thrown) {
      error.textContent = thrown instanceof ApiError && thrown.status === 409 ? t("pad.free.taken") : explain(thrown);
    } finally {
      setBusy(null, button);
    }
  });
}

export function setUpOpen(config: Config, header: string): void {
  const password = byId<HTMLInputElement>("password");
  byId("open-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = byId("open-error");
    error.textContent = "";
    if (!password.value) {
      error.textContent = t("pad.open.empty");
      return password.focus();
    }
    const button = byId<HTMLButtonElement>("open");
    setBusy(t("pad.open.busy"), button);
    try {
      const { session, payload } = await PadSession.open(slug, header, config, password.value);
      password.value = "";
      startEditor(session, payload, t("pad.opened", { version: String(session.version) }));
    } catch (thrown) {
      if (thrown instanceof CryptoError && thrown.code === "rollback") return refuseRollback();
      if (!(thrown instanceof ApiError) || (thrown.status !== 403 && thrown.status !== 429)) {
        error.textContent = explain(thrown);
        return;
      }
      const prefix = thrown.status === 403 ? t("pad.open.wrong") : t("pad.open.locked");
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
