/** The create page: encrypt in a Web Worker, upload ciphertext, show the share and manage links. */

import { toBase64Url } from "../../../crypto/base64url";
import { decodeHeader, generateLinkKey, generateNoteId, type Payload } from "../../../crypto/index";
import { createNote, getConfig } from "../../../protocol/api";
import { ApiError, SAME_ORIGIN } from "../../../protocol/http";
import type { Config } from "../../../protocol/wire";
import { CryptoError, sealNote, warmUp } from "../../shared/crypto-client";
import { announce, byId, formatBytes } from "../../shared/dom";
import "../../shared/htmx";
import { setUpPasswordField } from "../../shared/password-field";
import { attachedFiles, clearAttachments, setUpAttachments } from "./attachments";
import { fillOptions, readOptions } from "./options";
import { clearResult, setUpResult, showResult } from "./result";
import { clearTabs, readTabs, setUpTabs } from "./tabs";

const form = byId<HTMLFormElement>("create-form");
const textArea = byId<HTMLTextAreaElement>("text");
const password = byId<HTMLInputElement>("password");
const passwordOnly = byId<HTMLInputElement>("password-only");
let config: Config | undefined;
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

async function readPayload(): Promise<Payload> {
  const files = await Promise.all(
    attachedFiles().map(async (file) => ({
      name: file.name || "pasted-file",
      type: file.type,
      bytes: new Uint8Array(await file.arrayBuffer()),
    })),
  );
  return { text: textArea.value, tabs: readTabs(), files };
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
  const iterations = cfg.defaultKdfIterations;
  setBusy(
    secret ? `Stretching the password (${iterations.toLocaleString("en")} rounds) and encrypting…` : "Encrypting…",
  );
  const id = generateNoteId();
  const linkKey = secret && passwordOnly.checked ? null : generateLinkKey();
  const sealed = await sealNote(await readPayload(), {
    kind: "note",
    id,
    ...options,
    linkKey,
    password: secret,
    ...(secret ? { iterations } : {}),
  });
  if (sealed.body.length > cfg.maxBodyBytes)
    throw new ApiError(413, "Too large for this server once encrypted.", {}, null);
  setBusy("Uploading the encrypted note…");
  const { header, wrappedKey, verifier } = sealed;
  const linkVerifier = sealed.linkVerifier ?? undefined;
  const created = await createNote(SAME_ORIGIN, {
    id,
    header,
    wrappedKey,
    verifier,
    linkVerifier,
    body: toBase64Url(sealed.body),
    ...options,
  });
  const key = sealed.linkKey ? `#${toBase64Url(sealed.linkKey)}` : passwordOnlyMarker(header);
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
  if (error instanceof ApiError) {
    if (error.status === 413)
      return `Too large for this server: at most ${formatBytes(config?.maxBodyBytes ?? 0)} once encrypted.`;
    if (error.status === 429) return "Too many new notes from here right now. Wait a minute and try again.";
    return error.message;
  }
  if (error instanceof CryptoError) return `Encryption failed in this browser: ${error.message}`;
  return "Something went wrong; nothing was uploaded. Please try again.";
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (!config) return announce("Still loading this server's settings; try again in a moment.", "error");
  create(config)
    .catch((error: unknown) => announce(explain(error), "error"))
    .finally(() => setBusy(null));
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
