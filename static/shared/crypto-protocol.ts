/** Messages between a page and its crypto Web Worker. */
import type {
  DecryptOptions,
  Opened,
  Payload,
  ProtectOptions,
  ReadOptions,
  ResealOptions,
  rewrap,
  Secrets,
  seal,
  unlock,
} from "../../crypto/index";

export type SealOptions = Parameters<typeof seal>[1];
export type Sealed = Awaited<ReturnType<typeof seal>>;
export type Unlocked = Awaited<ReturnType<typeof unlock>>;
export type Rewrapped = Awaited<ReturnType<typeof rewrap>>;
export type { Opened };

export type CryptoCall =
  | { op: "seal"; payload: Payload; options: SealOptions }
  | { op: "unlock"; header: string; secrets: Secrets; options: ReadOptions }
  | { op: "decrypt"; unlocked: Unlocked; wrappedKey: string; body: Uint8Array; options: DecryptOptions }
  | {
      op: "reseal";
      unlocked: Unlocked;
      wrappedKey: string;
      payload: Payload;
      options: Pick<ResealOptions, "bodyVersion">;
    }
  | { op: "rewrap"; unlocked: Unlocked; wrappedKey: string; next: ProtectOptions }
  | { op: "stretch"; password: string; salt: Uint8Array; iterations: number };

/**
 * How a crypto failure is reported across the worker boundary. "mismatch": not the note or notepad asked for, or an
 * older format than promised; "rollback": a notepad body older than one this browser has seen.
 */
export interface CryptoFailure {
  code: "wrong-key" | "unsupported" | "mismatch" | "rollback" | "corrupt" | "failed";
  message: string;
}
