/** The open page: describe the note from the non-consuming GET; only a deliberate Reveal consumes a view. */

import { fromBase64Url } from "../../../crypto/base64url";
import {
  checkHeader,
  decodeHeader,
  type Expected,
  type Header,
  HeaderMismatchError,
  UnsupportedVersionError,
} from "../../../crypto/index";
import { deleteNote, noteStatus, openNote } from "../../../protocol/api";
import { ApiError, SAME_ORIGIN } from "../../../protocol/http";
import type { Opened } from "../../../protocol/wire";
import { CryptoError, decryptNote, unlockNote, warmUp } from "../../shared/crypto-client";
import type { Unlocked } from "../../shared/crypto-protocol";
import { announce, byId, showOnly } from "../../shared/dom";
import { forgetSecret, takeSecret, watchFragment } from "../../shared/fragment";
import { describe, renderFacts } from "./describe";
import { renderPayload } from "./render";

const views = ["about", "content", "gone", "problem"].map((id) => byId(id));
const id = decodeURIComponent(location.pathname.split("/")[2] ?? "");
/** Marks a password-only link to a format v2 note (`/n/<id>#v2`): not a secret, so it stays in the address bar. */
const V2_MARKER = "v2";
const marked = location.hash === `#${V2_MARKER}`;
const isKey = (fragment: string) => fragment !== V2_MARKER;
// The link key leaves the address bar and history at once; this tab keeps it so a reload still works.
const taken = marked ? { secret: null, forgotten: false } : takeSecret("note", id);
const fragment = taken.secret;
const linkKey = keyBytes(fragment);
/** What this link asks for, checked against the header before any secret is used (docs/FORMAT.md §7). */
const expected: Expected = { kind: "note", id, ...(marked ? { minVersion: 2 } : {}) };
const password = byId<HTMLInputElement>("password");

function show(
  view: "about" | "content" | "gone" | "problem",
  message: string,
  kind: "info" | "error" | "ok" = "info",
): void {
  showOnly(views, [byId(view)]);
  announce(message, kind);
  if (view !== "about") byId(`${view}-title`).focus();
}

/** The 32-byte link key, or null (none, or cut off when the link was copied: said as "incomplete"). */
function keyBytes(text: string | null): Uint8Array | null {
  const bytes = text ? fromBase64Url(text) : null;
  return bytes?.length === 32 ? bytes : null;
}

/** The note is destroyed or gone: this tab stops keeping its key. */
const forget = () => forgetSecret("note", id);

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
const open = (unlocked: Unlocked) =>
  openNote(
    SAME_ORIGIN,
    id,
    { proof: unlocked.proof, linkProof: unlocked.linkProof ?? undefined },
    {
      onWait: (wait) => setBusy(`The note is still arriving at this server; trying again in ${wait} s…`),
    },
  );

function revealed(opened: Opened, unlocked: Unlocked): void {
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

async function reveal(headerB64: string, header: Header): Promise<void> {
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
  let opened: Opened;
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
  const bytes = fromBase64Url(opened.body);
  if (!bytes) return problem("The server sent a damaged note. It may have been tampered with.");
  renderPayload(await decryptNote(unlocked, opened.wrappedKey, bytes));
  password.value = "";
  revealed(opened, unlocked);
}

const NOT_ASKED_FOR =
  "The server sent a different note than the one this link points to, so nothing is shown and nothing was sent.";
const DOWNGRADED =
  "This link promises a note in format v2, but the server sent an older format with password settings it could have chosen itself. Your password was not used and nothing was consumed.";

function explain(error: unknown): void {
  if (error instanceof ApiError && error.status === 404) {
    forget();
    show("gone", "This secret is not here.", "error");
  } else if (error instanceof CryptoError) {
    problem(cryptoProblem(error.code));
  } else {
    announce(error instanceof ApiError ? error.message : "Something went wrong. Please try again.", "error");
  }
}

function cryptoProblem(code: CryptoError["code"]): string {
  if (code === "mismatch") return NOT_ASKED_FOR;
  if (code === "unsupported")
    return "This note uses a format this version of hushnote does not know. Nothing was consumed by trying.";
  return "This note failed its integrity check: it was damaged or tampered with, so it is not shown.";
}

async function start(): Promise<void> {
  if (!/^[A-Za-z0-9_-]{22}$/.test(id)) return show("gone", "This secret is not here.", "error");
  watchFragment("note", id, fragment, isKey);
  const status = await noteStatus(SAME_ORIGIN, id);
  let decoded: Header | undefined;
  try {
    decoded = decodeHeader(status.header);
    // Before anything is derived from a secret: the note this link names, the format it promises, a salt from its id.
    await checkHeader(decoded, { expect: expected, holdsLinkKey: fragment !== null });
  } catch (error) {
    return problem(headerProblem(error, decoded));
  }
  const header = decoded;
  if (header.link && !linkKey) return problem(incomplete(taken.forgotten));
  // Even in v1: a proof from the password alone, for a link that has a key, would let the server test passwords offline.
  if (!header.link && fragment)
    return problem(
      "This link carries a key, but the server says this note needs none. That is not how hushnote makes links, so nothing was sent.",
    );
  renderFacts(byId("facts"), describe(status, header));
  byId("password-field").hidden = !header.kdf;
  byId("key-hint").hidden = !header.link;
  byId("reveal-hint").textContent =
    status.viewsLeft === 1 ? "Revealing destroys it: make sure you can copy it now." : "Revealing uses up one view.";
  byId("reveal-form").addEventListener("submit", (event) => {
    event.preventDefault();
    byId("password-error").textContent = "";
    reveal(status.header, header)
      .catch(explain)
      .finally(() => setBusy(null));
  });
  show("about", "Nothing has been opened yet. Press Reveal when you are ready.");
  warmUp();
  if (header.kdf) password.focus();
}

function headerProblem(error: unknown, header: Header | undefined): string {
  // The right note in an older format than the link's #v2 promises: a downgrade.
  if (error instanceof HeaderMismatchError)
    return header?.id === id && header.kind === "note" && marked ? DOWNGRADED : NOT_ASKED_FOR;
  if (error instanceof UnsupportedVersionError)
    return "This note uses a format this version of hushnote does not know. Nothing was consumed.";
  return "This note's public header is damaged or was altered, so it cannot be opened. Nothing was sent and nothing was consumed.";
}

function incomplete(forgotten: boolean): string {
  if (forgotten)
    return "This tab no longer keeps this note's key, because the note was destroyed here. Open the whole link again if you still have it.";
  return "This link is incomplete: the part after # (the key) is missing. Ask the sender for the whole link. (After opening a link, this page removes the key from the address bar; a reload in the same tab still works.)";
}

start().catch(explain);
