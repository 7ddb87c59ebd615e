/** Messages between a page and its crypto Web Worker. */
import type { decrypt, Payload, ProtectOptions, rewrap, seal, Secrets, unlock } from "../../crypto/index";

export type SealOptions = Parameters<typeof seal>[1];
export type Sealed = Awaited<ReturnType<typeof seal>>;
export type Unlocked = Awaited<ReturnType<typeof unlock>>;
export type Rewrapped = Awaited<ReturnType<typeof rewrap>>;

export type CryptoCall =
  | { op: "seal"; payload: Payload; options: SealOptions }
  | { op: "unlock"; header: string; secrets: Secrets }
  | { op: "decrypt"; unlocked: Unlocked; wrappedKey: string; body: Parameters<typeof decrypt>[2] }
  | { op: "reseal"; unlocked: Unlocked; wrappedKey: string; payload: Payload }
  | { op: "rewrap"; unlocked: Unlocked; wrappedKey: string; next: ProtectOptions }
  | { op: "stretch"; password: string; salt: Uint8Array; iterations: number };

/** How a crypto failure is reported across the worker boundary. */
export interface CryptoFailure { code: "wrong-key" | "unsupported" | "corrupt" | "failed"; message: string }
