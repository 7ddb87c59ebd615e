/**
 * readAnswer: the asker's side of a request. The answers come from the request's manage token; each one's link key is
 * unsealed with the private key from the private link, and its note is read like any /n/<noteId>#<key> link (one
 * view, then shredded; the note's own checks apply: header id == the note id the key was bound to).
 */
import { toBase64Url } from "../../../crypto/base64url";
import { isNoteId, openAnswerKey } from "../../../crypto/index";
import { ApiError, noteStatus, type RequestAnswer, type RequestAnswers, requestAnswers } from "../../../protocol/index";
import { pause } from "../../../protocol/retry";
import { SdkError } from "./errors";
import { noteLink } from "./links";
import { type ReadNote, type ReadOptions, read } from "./read-stream";
import { type PrivateLink, parsePrivateLink } from "./request-links";

/** What findAnswer and readAnswer take. */
export interface FindAnswerOptions {
  /** The asker's private link, /q/<id>#…, from makeRequest. */
  link: string;
  /** Keep asking until an answer can be opened, the request expires or is withdrawn, or `timeout` passes. */
  wait?: boolean;
  /** With `wait`: give up after this many seconds (`waiting`); by default the wait ends when the request does. */
  timeout?: number;
  /** The first pause between two asks, in milliseconds (default 2,000; it grows to 30 s). */
  interval?: number;
  /** Told before each pause with what the server last said. */
  onPoll?: (state: RequestAnswers) => void;
  signal?: AbortSignal;
}

/** An answer ready to open: its note's share link (key unsealed) and how many other answers there are. */
export interface FoundAnswer {
  /** /n/<noteId>#<key>: opening it uses the answer's one view. */
  link: string;
  noteId: string;
  answeredAt: number;
  /** Answers besides this one that may still be opened. */
  others: number;
}

// When the server does not say how an answer's note stands, one younger than this that is not readable yet may still
// be uploading (the server drops unfinished uploads after an hour).
const UPLOAD_WINDOW_MS = 60 * 60 * 1000;
const MAX_INTERVAL_MS = 30_000;

const notAnswered = (state: RequestAnswers) =>
  new SdkError(
    "waiting",
    state.answers.length
      ? "the answer is still on its way (being uploaded); try again in a moment"
      : "this request has not been answered yet",
    { expiresAt: state.expiresAt },
  );

const refusedToken = (cause: unknown) =>
  new SdkError("wrong-password", "the private link was not accepted; copy the whole private link", {}, { cause });

/** The server's answers, checked for shape: everything in them is used to build a link and unseal a key. */
function checked(state: RequestAnswers): RequestAnswers {
  const ok =
    state &&
    typeof state.state === "string" &&
    Number.isSafeInteger(state.expiresAt) &&
    Array.isArray(state.answers) &&
    state.answers.every((a) => isNoteId(a?.noteId) && typeof a.sealedKey === "string" && Number.isSafeInteger(a.at));
  if (!ok) throw new SdkError("damaged", "the server's list of answers is malformed");
  return state;
}

/** The answer's note, if it can be opened now: as the server says, or (when it does not) as the note's GET says. */
async function live(server: string, answer: RequestAnswer): Promise<boolean> {
  if (answer.note !== undefined || answer.opened) return answer.note === "live" && !answer.opened;
  try {
    await noteStatus(server, answer.noteId);
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return false;
    throw error;
  }
}

/** Unseals the answer's link key; a key that does not open was altered or swapped by the server. */
async function unsealed(link: PrivateLink, answer: RequestAnswer): Promise<string> {
  const key = await openAnswerKey(link.id, answer.noteId, link.privateKey, link.publicKey, answer.sealedKey).catch(
    (error: unknown) => {
      throw new SdkError(
        "damaged",
        "an answer's key does not open with this private link: it was altered",
        {},
        {
          cause: error,
        },
      );
    },
  );
  return noteLink(link.server, answer.noteId, toBase64Url(key));
}

/**
 * The live answers that open with this private link, in order, and the refusal of the first that does not: anyone who
 * knows the request id can post an answer whose key opens nothing, and it must not hide the real ones.
 */
async function openable(link: PrivateLink, answers: RequestAnswer[]) {
  const opened: { answer: RequestAnswer; link: string }[] = [];
  let damaged: unknown = null;
  for (const answer of answers) {
    if (!(await live(link.server, answer))) continue;
    try {
      opened.push({ answer, link: await unsealed(link, answer) });
    } catch (error) {
      damaged ??= error;
    }
  }
  return { opened, damaged };
}

/** Whether a later ask may find an answer: the request still takes answers, or one may still be uploading. */
const mayChange = (state: RequestAnswers, now: number) =>
  (state.state === "waiting" && state.answersLeft > 0) ||
  state.answers.some(
    (a) => a.note === "uploading" || (a.note === undefined && !a.opened && now - a.at < UPLOAD_WINDOW_MS),
  );

/** The first answer that can be opened now; with `wait`, asks again until there is one. Opens nothing. */
export async function findAnswer(options: FindAnswerOptions): Promise<FoundAnswer> {
  const link = parsePrivateLink(options.link);
  const { signal } = options;
  let interval = options.interval ?? 2000;
  const deadline = options.timeout === undefined ? null : Date.now() + options.timeout * 1000;
  for (;;) {
    let state: RequestAnswers;
    try {
      state = checked(await requestAnswers(link.server, link.id, link.manageToken, { signal }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 403) throw refusedToken(error);
      if (error instanceof ApiError && error.status === 404)
        throw new SdkError("gone", "this request does not exist or has expired", {}, { cause: error });
      throw error;
    }
    const { opened, damaged } = await openable(link, state.answers);
    const [first] = opened;
    if (first)
      return { link: first.link, noteId: first.answer.noteId, answeredAt: first.answer.at, others: opened.length - 1 };
    // Only answers that do not open: said so, unless a real one may still come while waiting.
    if (damaged && !(options.wait && state.state === "waiting" && state.answersLeft > 0)) throw damaged;
    if (state.state === "revoked") throw new SdkError("gone", "this request was withdrawn");
    const now = Date.now();
    if (!mayChange(state, now)) {
      if (state.answers.length === 0) throw new SdkError("gone", "this request expired without an answer");
      throw new SdkError("gone", "the answer has already been opened, or has expired: it is gone");
    }
    if (!options.wait || (deadline !== null && now >= deadline)) throw notAnswered(state);
    options.onPoll?.(state);
    // Without a timeout the wait ends with the request: the ask just after it expires says so.
    const until = deadline ?? Math.max(state.expiresAt + 1000, now + 1000);
    await pause(Math.min(interval, until - now), signal);
    interval = Math.min(interval * 1.5, MAX_INTERVAL_MS);
  }
}

/** What readAnswer takes: findAnswer's options and read's hooks. */
export type ReadAnswerOptions = FindAnswerOptions & Pick<ReadOptions, "onDownload" | "onWait">;

/** Finds an answer and opens it (its one view): the note is then destroyed on the server. */
export async function readAnswer(options: ReadAnswerOptions): Promise<ReadNote & { noteId: string; others: number }> {
  const found = await findAnswer(options);
  const note = await read({
    link: found.link,
    onDownload: options.onDownload,
    onWait: options.onWait,
    signal: options.signal,
  });
  return { ...note, noteId: found.noteId, others: found.others };
}
