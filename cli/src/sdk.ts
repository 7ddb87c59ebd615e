/**
 * hushnote's JavaScript API (`import { send, read } from "hushnote"`): the functions the `hushnote` command is built
 * on. Everything is encrypted and decrypted in this process; the server only ever sees ciphertext. No function
 * writes to stdout or stderr, prompts or exits: progress and waits are reported through the optional callbacks.
 */

export type {
  FormatVersion,
  Header,
  PadChange,
  PadMemory,
  Payload,
  PayloadEvent,
  PayloadFile,
} from "../../crypto/index";
export {
  CorruptEnvelopeError,
  HeaderMismatchError,
  HushnoteCryptoError,
  RollbackError,
  UnsupportedVersionError,
  WrongKeyError,
} from "../../crypto/index";
export {
  ApiError,
  type Config,
  type Hooks,
  type ProgressHook,
  type Receipt,
  type ReceiptEvent,
} from "../../protocol/index";
export { SdkError, type SdkErrorCode, type SdkErrorDetails } from "./sdk/errors";
export { type ManageOptions, revoke, status } from "./sdk/manage";
export {
  type PadKeyChange,
  type PadNote,
  type PadOptions,
  type PadPutOptions,
  type PadRemember,
  type PadRemembered,
  padDelete,
  padGet,
  padInfo,
  padPut,
} from "./sdk/pads";
export type { Password } from "./sdk/password";
export { inspect, type NoteInfo } from "./sdk/read";
export { type NoteStream, type ReadNote, type ReadOptions, read, readStream } from "./sdk/read-stream";
export { type MadeRequest, makeRequest, type RequestOptions } from "./sdk/request";
export {
  type FindAnswerOptions,
  type FoundAnswer,
  findAnswer,
  type ReadAnswerOptions,
  readAnswer,
} from "./sdk/request-read";
export {
  inspectRequest,
  type RequestDetails,
  type Responded,
  type RespondOptions,
  respond,
} from "./sdk/request-respond";
export {
  type SendBaseOptions,
  type SendOptions,
  type SendStreamFile,
  type SendStreamOptions,
  type SentNote,
  send,
  sendStream,
} from "./sdk/send";
