/**
 * Opening a notepad the way docs/FORMAT.md §7 orders it: the header is the address the caller typed, its key
 * parameters match what this client remembers (or the caller accepts the change) before the password is stretched,
 * then the proof and this device's credential go to the server, and the body is refused if it is older than one seen.
 */
import {
  checkHeader,
  comparePadMemory,
  decodeHeader,
  decryptVersioned,
  type Header,
  type Opened,
  type PadChange,
  type PadComparison,
  type PadMemory,
  type Payload,
  type Unlocked,
  unlock,
  WrongKeyError,
} from "../../../crypto/index";
import { ApiError, type Hooks, openPad, type OpenedPad as PadAnswer, type PadStatus } from "../../../protocol/index";
import { misbehaved, notepadFreed, SdkError } from "./errors";
import { type Password, resolvePassword } from "./password";

/** What a client remembers about one notepad address between runs; the SDK itself keeps nothing. */
export interface PadRemembered {
  /** Key parameters and highest body version seen (crypto's PadMemory): compared before the password is stretched. */
  memory?: PadMemory | null;
  /** This device's credential for the notepad, from an earlier open or save: with the right password it always gets in. */
  device?: string | null;
}

/** An alarming difference between the notepad's key parameters and what the client remembers. */
export interface PadKeyChange {
  slug: string;
  changes: PadChange[];
  remembered: PadMemory;
  current: PadMemory;
}

/** How a notepad is opened: its password, what the client remembers, and who decides about a changed key. */
export interface PadOpenOptions extends Pick<Hooks, "onDownload" | "onWait" | "signal"> {
  /** A function is called only once the notepad is known to exist and its key checks out (e.g. to prompt). */
  password: Password;
  remembered?: PadRemembered;
  /**
   * Called, before any password is stretched, when the salt changed, the iterations went down or the format went
   * back to v1 since `remembered.memory`: the server may be collecting a proof to attack offline. Resolve true to go
   * on. Without it such a change is refused (`damaged`, with `details.changes`).
   */
  onKeyChange?: (change: PadKeyChange) => boolean | Promise<boolean>;
  /**
   * Called when `remembered` holds a notepad at this address but the server says the address is free: deleted
   * elsewhere, or a server that wants a new notepad made there (its own key, or one it can roll back). Resolve true to
   * go on: padPut creates afresh, padGet and padDelete fail with `gone`. Without it, or with false, the call fails with
   * `damaged` (`details.freed`) and nothing is sent.
   */
  onFreed?: (slug: string) => boolean | Promise<boolean>;
  /**
   * Told what to remember as soon as it is known (after the notepad decrypted, which authenticates its header, and
   * again after a save), so that a device credential is kept even if a later step fails.
   */
  onRemember?: (remember: PadRemember) => void;
}

/** What to keep for the next call on this address (pass it back as `remembered`). */
export interface PadRemember {
  memory: PadMemory;
  device: string | null;
}

/** An opened notepad, with what to remember about it from now on. */
export interface OpenedPad {
  header: Header;
  unlocked: Unlocked;
  wrappedKey: string;
  payload: Payload;
  version: number;
  password: string;
  /** What to remember: the fingerprint with the highest body version seen, and the device credential (null: none yet). */
  memory: PadMemory;
  device: string | null;
}

/** A refused notepad call: wrong password (the server's sentence says how long to wait, if it must), or gone. */
export function refused(error: unknown, gone: (cause: unknown) => SdkError): unknown {
  if (!(error instanceof ApiError)) return error;
  if (error.status === 403 || error.status === 429)
    return new SdkError("wrong-password", error.message, { retryAfter: error.retryAfter }, { cause: error });
  if (error.status === 404) return gone(error);
  return error;
}

/** Rule 10: an alarming change goes on only with the caller's consent. */
async function consent(
  slug: string,
  comparison: PadComparison,
  remembered: PadMemory,
  options: PadOpenOptions,
): Promise<void> {
  const change: PadKeyChange = { slug, changes: comparison.changes, remembered, current: comparison.next };
  if (options.onKeyChange && (await options.onKeyChange(change))) return;
  const what = comparison.changes.join(", ");
  throw new SdkError(
    "damaged",
    `the key of the notepad ${slug} changed since this device last opened it (${what}); the password was not used`,
    { changes: comparison.changes },
  );
}

/** A free address where the caller remembers a notepad: refused unless the caller accepts that it is gone. */
export async function acceptFreed(
  slug: string,
  options: Pick<PadOpenOptions, "remembered" | "onFreed">,
): Promise<void> {
  const { memory, device } = options.remembered ?? {};
  if (!memory && !device) return;
  if (options.onFreed && (await options.onFreed(slug))) return;
  throw notepadFreed(slug);
}

/** Opens the notepad at `slug` (the address the caller asked for, never the server's echo) from its public status. */
export async function openExisting(
  server: string,
  slug: string,
  status: PadStatus,
  options: PadOpenOptions,
  gone: (cause: unknown) => SdkError,
): Promise<OpenedPad> {
  const header = decodeHeader(status.header);
  const expect = { kind: "pad", id: slug } as const;
  // crypto's reader checks run first, so that a wrong header is refused before anyone is asked for a password.
  await checkHeader(header, { expect }).catch((error: unknown) => {
    throw misbehaved(error);
  });
  if (!header.kdf) throw new SdkError("damaged", "the server sent a notepad header without password parameters");
  const remembered = options.remembered?.memory ?? null;
  const before = comparePadMemory(remembered, header);
  if (before.alarming && remembered) await consent(slug, before, remembered, options);
  const password = await resolvePassword(options.password, `the notepad ${slug} needs its password`);
  // A notepad seen in v2 must stay v2, unless the caller has just accepted the downgrade.
  const minVersion = remembered?.v === 2 && !before.changes.includes("format-downgraded") ? 2 : undefined;
  const unlocked = await unlock(
    status.header,
    { password },
    { expect: { ...expect, ...(minVersion ? { minVersion } : {}) } },
  ).catch((error: unknown) => {
    throw misbehaved(error);
  });
  const device = options.remembered?.device ?? null;
  let opened: PadAnswer;
  try {
    opened = await openPad(
      server,
      slug,
      { proof: unlocked.proof, ...(device ? { device } : {}) },
      { onDownload: options.onDownload, onWait: options.onWait, signal: options.signal },
    );
  } catch (error) {
    throw refused(error, gone);
  }
  const { meta, body } = opened;
  if (!Number.isSafeInteger(meta.version) || meta.version < 1)
    throw new SdkError("damaged", "the server sent a notepad version that is not a positive whole number");
  let decrypted: Opened;
  try {
    decrypted = await decryptVersioned(unlocked, meta.wrappedKey, body, {
      minBodyVersion: before.next.bodyVersion ?? undefined,
    });
  } catch (error) {
    if (error instanceof WrongKeyError)
      throw new SdkError(
        "damaged",
        "the server accepted the password but the notepad does not decrypt: it was altered",
        {},
        { cause: error },
      );
    throw misbehaved(error);
  }
  const remember = {
    memory: comparePadMemory(before.next, header, decrypted.bodyVersion).next,
    device: issuedDevice(meta.device) ?? device,
  };
  options.onRemember?.(remember);
  return {
    header,
    unlocked,
    wrappedKey: meta.wrappedKey,
    payload: decrypted.payload,
    version: meta.version,
    password,
    ...remember,
  };
}

/** A device credential the server issued, if it looks like one (it is stored and sent back, never shown). */
export const issuedDevice = (value: unknown): string | null =>
  typeof value === "string" && /^[A-Za-z0-9_-]{16,256}$/.test(value) ? value : null;
