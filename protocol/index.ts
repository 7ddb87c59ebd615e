/** The client protocol shared by the pages and the CLI: wire types, requests, errors, retries, notepad addresses. */
export { createNote, deleteNote, deletePad, getConfig, getReceipt, noteStatus, openNote, openPad, padStatus, putPad, type NoteAuth } from "./api";
export { ApiError, request, SAME_ORIGIN, type Hooks, type ProgressHook, type RequestOptions } from "./http";
export { retrying } from "./retry";
export { isUsableSlug, MAX_SLUG_LENGTH, normalizeSlug, RESERVED_SLUGS, SLUG_PATTERN, slugProblem, unsupportedCharacters } from "./slug";
export type * from "./wire";
