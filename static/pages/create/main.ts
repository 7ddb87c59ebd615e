/** The create page: stream-encrypt text and files, upload the ciphertext in parts, show the share and manage links. */

import { toBase64Url } from "../../../crypto/base64url";
import { decodeHeader, HushnoteCryptoError } from "../../../crypto/index";
import { getConfig } from "../../../protocol/api";
import { ApiError, MalformedAnswer, SAME_ORIGIN } from "../../../protocol/http";
import type { Config } from "../../../protocol/wire";
import { CryptoError, warmUp } from "../../shared/crypto-client";
import { announce, byId, formatBytes } from "../../shared/dom";
import "../../shared/htmx";
import { setUpPasswordField } from "../../shared/password-field";
import { trackProgress } from "../../shared/progress";
import { attachedFiles, clearAttachments, setUpAttachments } from "./attachments";
import { fillOptions, readOptions } from "./options";
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
    ? `Too large: ${formatBytes(plaintextBytes())} of at most ${formatBytes(config!.maxBodyBytes)}.`
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
    return announce("Write a secret or attach a file first.", "error");
  }
  if (!checkSize()) return announce(byId("size-error").textContent ?? "", "error");
  if (cfg.passwordRequired && !password.value) {
    password.focus();
    return announce("This server requires a password on every secret. Type one or generate a passphrase.", "error");
  }
  const secret = password.value || null;
  const draft = { text: textArea.value, tabs: readTabs(), files: attachedFiles(), password: secret, ...options };
  uploading = new AbortController();
  setBusy("Encrypting…");
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

function explain(error: unknown): string {
  if (uploading?.signal.aborted) return "Cancelled. Nothing was kept on the server.";
  if (error instanceof ApiError) {
    if (error.status === 413)
      return `Too large for this server: at most ${formatBytes(config?.maxBodyBytes ?? 0)} per note.`;
    if (error.status === 429) return "Too many new notes from here right now. Wait a minute and try again.";
    // The page already tried several times; what the person wrote is still on the form, never cleared on failure.
    if (error.status === 0)
      return "The server could not be reached, so no link was made. What you wrote is still here: try again once your connection is back.";
    if (error.status >= 500 && !(error instanceof MalformedAnswer))
      return `${error.message} No link was made, and what you wrote is still here.`;
    return `${error.message} Nothing was kept on the server.`;
  }
  if (error instanceof CryptoError || error instanceof HushnoteCryptoError)
    return `Encryption failed in this browser: ${error.message}`;
  // Reading a file fails when it is moved or changed on disk after it was attached.
  if (error instanceof DOMException && error.name === "NotReadableError")
    return "A file could not be read any more (was it moved or changed?). Attach it again and retry.";
  return "Something went wrong; nothing was kept on the server. Please try again.";
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (!config) return announce("Still loading this server's settings; try again in a moment.", "error");
  create(config)
    .catch((error: unknown) => announce(explain(error), "error"))
    .finally(() => {
      uploading = null;
      setBusy(null);
    });
});
byId("cancel").addEventListener("click", () => {
  uploading?.abort();
  announce("Cancelling…");
});
// Leaving mid-upload would strand a half-stored note (its alarm removes it within an hour): the browser asks first.
addEventListener("beforeunload", (event) => {
  if (uploading) event.preventDefault();
});
textArea.addEventListener("input", checkSize);
byId("generate").addEventListener("click", () =>
  announce("Passphrase generated. Send it to the recipient separately from the link."),
);
byId("another").addEventListener("click", () => {
  clearResult();
  form.hidden = false;
  textArea.focus();
});
setUpAttachments(checkSize);
setUpTabs();
setUpResult();
getConfig(SAME_ORIGIN)
  .then((loaded) => {
    config = loaded;
    fillOptions(loaded);
    warmUp();
  })
  .catch((error: unknown) => announce(explain(error), "error"));
