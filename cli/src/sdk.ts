/**
 * hushnote's JavaScript API (`import { send, read } from "hushnote"`): the functions the `hushnote` command is built
 * on. Everything is encrypted and decrypted in this process; the server only ever sees ciphertext. No function
 * writes to stdout or stderr, prompts or exits: progress and waits are reported through the optional callbacks.
 */
export { send, type SendOptions, type SentNote } from "./sdk/send";
export { inspect, read, type NoteInfo, type ReadNote, type ReadOptions } from "./sdk/read";
export { revoke, status, type ManageOptions } from "./sdk/manage";
export {
  padDelete, padGet, padInfo, padPut, type PadKeyChange, type PadNote, type PadOptions, type PadPutOptions, type PadRemember, type PadRemembered,
} from "./sdk/pads";
export { SdkError, type SdkErrorCode, type SdkErrorDetails } from "./sdk/errors";
export type { Password } from "./sdk/password";
export { ApiError, type Config, type Hooks, type ProgressHook, type Receipt, type ReceiptEvent } from "../../protocol/index";
export {
  CorruptEnvelopeError, HeaderMismatchError, HushnoteCryptoError, RollbackError, UnsupportedVersionError, WrongKeyError,
} from "../../crypto/index";
export type { FormatVersion, Header, PadChange, PadMemory, Payload, PayloadFile } from "../../crypto/index";
