/**
 * Wrong passwords on a notepad never destroy it, and nobody can lock its owner out (docs/SECURITY.md): failures are
 * counted per client network and per known device, the only pad-wide wait lasts seconds, and a known device with the
 * right password always gets in, whatever anyone else sends.
 */
import { digestsEqual } from "./digest";
import type { Allowance, Ledger } from "./lockout";
import type { LiveRow } from "./secret-schema";

/** What a caller presents: SHA-256 of its proof (null: none), of its device token (null: none), its client keys. */
export interface PadAuth {
  proofHash: ArrayBuffer | null;
  deviceHash: ArrayBuffer | null;
  clients: string[];
}
export type PadDenied = { outcome: "denied"; retryAfter: number | null };
export type Locked = { outcome: "locked"; retryAfter: number };
/** A right proof; `knownDevice` when it came with the token of one of the pad's devices. */
export type Passed = { outcome: "passed"; knownDevice: boolean };

/** What the pad's object lends the rules. */
export interface PadContext {
  sql: SqlStorage;
  clients: Ledger;
  devices: Ledger;
}

/**
 * Each client network and each device: five wrong passwords free, then waits doubling from 1 s up to an hour. An IPv6
 * client waits per /64 (no `sharedWaits`; its /48 shares only the five): a /48 rotating its /64s is held by the
 * pad-wide wait anyway, and a /48-wide wait would keep an owner's new device behind a neighbour's hour.
 */
export const PAD_ALLOWANCE: Allowance = { free: 5, maxWaitSeconds: 3600 };
/** Wrong passwords from all clients together (devices aside) before the pad-wide wait begins. */
export const PAD_WIDE_FREE = 20;
/** The pad-wide wait doubles from 1 s but never exceeds this: it slows a crowd of guessers, not the owner for long. */
export const PAD_WIDE_MAX_WAIT = 5;

const denied = (retryAfter: number | null): PadDenied => ({ outcome: "denied", retryAfter });
const locked = (retryAfter: number): Locked => ({ outcome: "locked", retryAfter });

/**
 * Checks a proof. `counting` is false for the re-check inside a compare-and-set save, whose caller passed the counted
 * check a moment ago: it neither counts nor waits, it only refuses a proof that stopped being right (a password change).
 */
export function checkPadProof(
  ctx: PadContext,
  row: LiveRow,
  auth: PadAuth,
  now: number,
  counting: boolean,
): Passed | PadDenied | Locked {
  const right = auth.proofHash !== null && digestsEqual(auth.proofHash, row.verifier);
  const device = auth.deviceHash !== null && ctx.devices.has(auth.deviceHash) ? auth.deviceHash : null;
  if (!counting) return right ? { outcome: "passed", knownDevice: device !== null } : denied(null);
  if (device) {
    // A known device waits only for its own wrong passwords: nobody else's guesses touch it.
    const wait = ctx.devices.waiting([device], now);
    if (wait !== null) return locked(wait);
    if (!right) return denied(ctx.devices.fail([device], now, PAD_ALLOWANCE).retryAfter);
    ctx.devices.admit(device, now);
    resetPadWide(ctx, row);
    return { outcome: "passed", knownDevice: true };
  }
  // While waiting, even a right proof is refused unchecked, or the wait would not slow guessing down.
  if (now < row.locked_until) return locked(Math.ceil((row.locked_until - now) / 1000));
  const wait = ctx.clients.waiting(auth.clients, now);
  if (wait !== null) return locked(wait);
  if (right) {
    ctx.clients.clear(auth.clients);
    resetPadWide(ctx, row);
    return { outcome: "passed", knownDevice: false };
  }
  const strike = ctx.clients.fail(auth.clients, now, PAD_ALLOWANCE);
  const failed = row.failed_proofs + 1;
  const padWait =
    failed > PAD_WIDE_FREE ? Math.min(PAD_WIDE_MAX_WAIT, 2 ** Math.min(failed - PAD_WIDE_FREE - 1, 8)) : 0;
  ctx.sql.exec(
    "UPDATE secret SET failed_proofs = ?, locked_until = ?",
    failed,
    padWait ? now + padWait * 1000 : row.locked_until,
  );
  return denied(Math.max(strike.retryAfter ?? 0, padWait) || null);
}

function resetPadWide(ctx: PadContext, row: LiveRow): void {
  if (row.failed_proofs > 0 || row.locked_until > 0)
    ctx.sql.exec("UPDATE secret SET failed_proofs = 0, locked_until = 0");
}
