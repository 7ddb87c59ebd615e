/** The create page: stream-encrypt text and files, upload the ciphertext in parts, show the share and manage links. */

import { toBase64Url } from "../../../crypto/base64url";
import { decodeHeader } from "../../../crypto/index";
import { getConfig } from "../../../protocol/api";
import { SAME_ORIGIN } from "../../../protocol/http";
import type { Config } from "../../../protocol/wire";
import { warmUp } from "../../shared/crypto-client";
import { announce, byId } from "../../shared/dom";
import "../../shared/htmx";
import { formatBytes, t } from "../../shared/i18n";
import { setUpPasswordField } from "../../shared/password-field";
import { trackProgress } from "../../shared/progress";
import { attachedFiles, clearAttachments, setUpAttachments } from "./attachments";
import { explainFailure } from "./errors";
import { fillOptions, readOptions, setUpViewCount } from "./options";
import { clearResult, setUpResult, showResult } from "./result";
import { send } from "./send";
import { clearTabs, readTabs, setUpTabs } from "./tabs";

const form = byId<HTMLFormElement>("create-form");
const textArea = byId<HTMLTextAreaElement>("text");
const password = byId<HTMLInputElement>("password");
const passwordOnly = byId<HTMLInputElement>("password-only");
let config: Config | undefined;
/** Set while a note is being sent: Cancel aborts it. */
let uploading: AbortController | null = null;
const passwordField = setUpPasswordField(
  { input: "password", show: "show-password", generate: "generate", strength: "strength" },
  "note",
  () => {
    byId("password-only-choice").hidden = password.value === "";
  },
);

function plaintextBytes(): number {
  const text =
    textArea.value +
    readTabs()
      .map((tab) => tab.title + tab.text)
      .join("");
  return new TextEncoder().encode(text).length + attachedFiles().reduce((sum, file) => sum + file.size, 0);
}

/** Says so as soon as the attachments exceed the instance limit, instead of after a long encryption. */
function checkSize(): boolean {
  const error = byId("size-error");
  const tooBig = config !== undefined && plaintextBytes() > config.maxBodyBytes;
  error.hidden = !tooBig;
  error.textContent = tooBig
    ? t("create.size.too-large", { size: formatBytes(plaintextBytes()), max: formatBytes(config!.maxBodyBytes) })
    : "";
  return !tooBig;
}

function setBusy(message: string | null): void {
  byId<HTMLButtonElement>("create").disabled = message !== null;
  form.setAttribute("aria-busy", String(message !== null));
  byId("progress").hidden = message === null;
  byId("progress-text").textContent = message ?? "";
  if (message) announce(message);
}

async function create(cfg: Config): Promise<void> {
  const options = readOptions(cfg);
  if ("error" in options) return announce(options.error, "error");
  if (!textArea.value && readTabs().length === 0 && attachedFiles().length === 0) {
    textArea.focus();
    return announce(t("create.empty"), "error");
  }
  if (!checkSize()) return announce(byId("size-error").textContent ?? "", "error");
  if (cfg.passwordRequired && !password.value) {
    password.focus();
    return announce(t("create.password.missing"), "error");
  }
  const secret = password.value || null;
  const draft = { text: textArea.value, tabs: readTabs(), files: attachedFiles(), password: secret, ...options };
  uploading = new AbortController();
  setBusy(t("create.busy.encrypting"));
  const { created, header, linkKey } = await send(
    cfg,
    { ...draft, passwordOnly: passwordOnly.checked },
    { onStep: setBusy, onProgress: trackProgress(), signal: uploading.signal },
  );
  const key = linkKey ? `#${toBase64Url(linkKey)}` : passwordOnlyMarker(header);
  showResult({
    share: `${location.origin}/n/${created.id}${key}`,
    manage: `${location.origin}/m/${created.id}#${created.manageToken}`,
    ...options,
    password: secret !== null,
  });
  // The plaintext and password are no longer needed on this page.
  form.reset();
  clearAttachments();
  clearTabs();
  passwordField.reset();
  form.hidden = true;
  // Focus is on the result heading, which screen readers read out; the status line would only repeat it.
  announce("");
}

/**
 * "#v2" on a password-only link to a v2 note: the reader then refuses an older format, whose salt the server could
 * choose (a v2 note's salt comes from its id). Not a secret; the CLI reads the same marker.
 */
const passwordOnlyMarker = (header: string) => (decodeHeader(header).v >= 2 ? "#v2" : "");

const explain = (error: unknown) =>
  explainFailure(error, uploading?.signal.aborted === true, config?.maxBodyBytes ?? 0);

/** Something typed, attached or a tab added: what a reload (a language switch) or leaving would throw away. */
const hasDraft = () =>
  textArea.value !== "" || password.value !== "" || attachedFiles().length > 0 || readTabs().length > 0;

form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (!config) return announce(t("create.loading"), "error");
  create(config)
    .catch((error: unknown) => announce(explain(error), "error"))
    .finally(() => {
      uploading = null;
      setBusy(null);
    });
});
byId("cancel").addEventListener("click", () => {
  uploading?.abort();
  announce(t("create.cancelling"));
});
// Leaving mid-upload would strand a half-stored note (its alarm removes it within an hour), and leaving a filled form
// (or switching language, which reloads) would lose what was typed: the browser asks first.
addEventListener("beforeunload", (event) => {
  if (uploading || (!form.hidden && hasDraft())) event.preventDefault();
});
textArea.addEventListener("input", checkSize);
byId("generate").addEventListener("click", () => announce(t("create.password.generated")));
byId("another").addEventListener("click", () => {
  clearResult();
  form.hidden = false;
  textArea.focus();
});
setUpAttachments(checkSize);
setUpTabs();
setUpViewCount();
setUpResult();
getConfig(SAME_ORIGIN)
  .then((loaded) => {
    config = loaded;
    fillOptions(loaded);
    warmUp();
  })
  .catch((error: unknown) => announce(explain(error), "error"));
