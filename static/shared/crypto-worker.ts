/** Web Worker that runs all note crypto, so PBKDF2's 600,000 rounds never freeze the page. */
import {
  CorruptEnvelopeError,
  decryptVersioned,
  HeaderMismatchError,
  RollbackError,
  reseal,
  rewrap,
  seal,
  stretchPassword,
  UnsupportedVersionError,
  unlock,
  WrongKeyError,
} from "../../crypto/index";
import type { CryptoCall, CryptoFailure } from "./crypto-protocol";

/** Error classes do not survive postMessage (and names are minified), so failures cross as stable codes. */
function failureCode(error: unknown): CryptoFailure["code"] {
  if (error instanceof WrongKeyError) return "wrong-key";
  if (error instanceof UnsupportedVersionError) return "unsupported";
  // Both are CorruptEnvelopeErrors, so they are told apart first.
  if (error instanceof HeaderMismatchError) return "mismatch";
  if (error instanceof RollbackError) return "rollback";
  if (error instanceof CorruptEnvelopeError) return "corrupt";
  return "failed";
}

async function run(call: CryptoCall): Promise<unknown> {
  switch (call.op) {
    case "seal":
      return seal(call.payload, call.options);
    case "unlock":
      return unlock(call.header, call.secrets, call.options);
    case "decrypt":
      return decryptVersioned(call.unlocked, call.wrappedKey, call.body, call.options);
    case "reseal":
      return reseal(call.unlocked, call.wrappedKey, call.payload, call.options);
    case "rewrap":
      return rewrap(call.unlocked, call.wrappedKey, call.next);
    case "stretch":
      return stretchPassword(call.password, call.salt, call.iterations);
  }
}

// Typed by hand: the DOM and WebWorker libs cannot share one program, and this file needs only these two members.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = async (event: MessageEvent<{ id: number; call: CryptoCall }>) => {
  const { id, call } = event.data;
  try {
    const result = await run(call);
    scope.postMessage({ id, result });
  } catch (error) {
    const failure: CryptoFailure = {
      code: failureCode(error),
      message: error instanceof Error ? error.message : String(error),
    };
    scope.postMessage({ id, failure });
  }
};
