/** The client protocol shared by the pages and the CLI: wire types, requests, errors, retries, notepad addresses. */
export {
  answerRequest,
  createNote,
  createRequest,
  deleteNote,
  deletePad,
  finishNoteBody,
  getConfig,
  getReceipt,
  type NoteAuth,
  noteStatus,
  type OpenedNote,
  type OpenedPad,
  openNote,
  openPad,
  padStatus,
  putPad,
  readNoteBody,
  requestAnswers,
  requestStatus,
  revokeRequest,
  uploadPart,
} from "./api";
export {
  ApiError,
  type Hooks,
  MalformedAnswer,
  type ProgressHook,
  type RequestOptions,
  request,
  SAME_ORIGIN,
} from "./http";
export { retrying } from "./retry";
export {
  isUsableSlug,
  MAX_SLUG_LENGTH,
  normalizeSlug,
  RESERVED_SLUGS,
  SLUG_PATTERN,
  slugProblem,
  unsupportedCharacters,
} from "./slug";
export { downloadBody, TRIES, type TransferOptions, uploadBody } from "./transfer";
export type * from "./wire";
