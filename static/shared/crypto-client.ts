/** The page side of the crypto Web Worker: one promise per call. */
import workerSource from "hushnote:crypto-worker";
import type { DecryptOptions, Payload, ProtectOptions, ReadOptions, Secrets } from "../../crypto/index";
import type { CryptoCall, CryptoFailure, Opened, Rewrapped, Sealed, SealOptions, Unlocked } from "./crypto-protocol";
import { t } from "./i18n";
import { workerScriptURL } from "./trusted-types";

/** A crypto failure from the worker; `code` tells the UI which message to show (the worker's `message` is English). */
export class CryptoError extends Error {
  constructor(
    readonly code: CryptoFailure["code"],
    message: string,
  ) {
    super(message);
  }
}

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

function getWorker(): Worker {
  if (worker) return worker;
  // The worker's code is part of this page's hashed inline script; a blob: URL keeps the page self-contained.
  worker = new Worker(workerScriptURL(new Blob([workerSource], { type: "text/javascript" })));
  worker.onmessage = (event: MessageEvent<{ id: number; result?: unknown; failure?: CryptoFailure }>) => {
    const call = pending.get(event.data.id);
    pending.delete(event.data.id);
    if (!call) return;
    const { failure } = event.data;
    if (failure) call.reject(new CryptoError(failure.code, failure.message));
    else call.resolve(event.data.result);
  };
  worker.onerror = () => {
    const stopped = t("common.error.crypto-stopped");
    for (const call of pending.values()) call.reject(new CryptoError("failed", stopped));
    pending.clear();
  };
  return worker;
}

/** Starts the worker ahead of time, so pressing Create or Reveal does not also wait for it to boot. */
export function warmUp(): void {
  getWorker();
}

function call<T>(message: CryptoCall): Promise<T> {
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    getWorker().postMessage({ id, call: message });
  });
}

/** Encrypts a payload (stretching the password, if any) off the main thread. */
export const sealNote = (payload: Payload, options: SealOptions) => call<Sealed>({ op: "seal", payload, options });
/**
 * Checks the header against `options.expect` (what the person asked for: their link or the address they typed), then
 * derives the proof and key-encryption key from it and the reader's secrets.
 */
export const unlockNote = (header: string, secrets: Secrets, options: ReadOptions) =>
  call<Unlocked>({ op: "unlock", header, secrets, options });
/** Unwraps the data key and decrypts the body; a notepad passes the highest body version it has seen. */
export const decryptVersioned = (
  unlocked: Unlocked,
  wrappedKey: string,
  body: Uint8Array,
  options: DecryptOptions = {},
) => call<Opened>({ op: "decrypt", unlocked, wrappedKey, body, options });
/** Unwraps the data key and decrypts the body (a note: payload only). */
export const decryptNote = async (unlocked: Unlocked, wrappedKey: string, body: Uint8Array) =>
  (await decryptVersioned(unlocked, wrappedKey, body)).payload;
/** Encrypts a new payload under the notepad's existing data key (a save: header and wrappedKey stay); v2 binds `bodyVersion`. */
export const resealPad = (unlocked: Unlocked, wrappedKey: string, payload: Payload, bodyVersion?: number) =>
  call<Uint8Array>({
    op: "reseal",
    unlocked,
    wrappedKey,
    payload,
    options: bodyVersion === undefined ? {} : { bodyVersion },
  });
/** Wraps the same data key under new secrets (password change or KDF upgrade); the body is untouched. */
export const rewrapPad = (unlocked: Unlocked, wrappedKey: string, next: ProtectOptions) =>
  call<Rewrapped>({ op: "rewrap", unlocked, wrappedKey, next });
/** PBKDF2 alone, so a page that seals and then unlocks under new secrets stretches the password once. */
export const stretch = (password: string, salt: Uint8Array, iterations: number) =>
  call<Uint8Array>({ op: "stretch", password, salt, iterations });
