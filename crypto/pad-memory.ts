/**
 * Trust on first use for notepads. A pad's salt is drawn by the client that created it (an address is chosen by people,
 * so a salt derived from it would let anyone precompute per address across instances); a server could therefore serve
 * another salt or fewer iterations to collect a proof it can attack offline. Clients remember what they saw per address
 * and compare before stretching the password. The memory itself lives in the clients; these helpers are pure.
 */
import type { FormatVersion } from "./constants";
import { HushnoteCryptoError } from "./errors";
import type { Header } from "./header";

/** What a client remembers about one notepad address. `bodyVersion` is the highest v2 body version seen (null: none). */
export interface PadMemory {
  v: FormatVersion;
  salt: string;
  iterations: number;
  bodyVersion: number | null;
}

/**
 * A difference from the memory. Alarming (the server may be attacking; warn loudly before sending a proof): "salt",
 * "iterations-lowered", "format-downgraded", "body-rolled-back". Expected after an upgrade: "iterations-raised",
 * "format-upgraded".
 */
export type PadChange =
  | "salt"
  | "iterations-lowered"
  | "iterations-raised"
  | "format-downgraded"
  | "format-upgraded"
  | "body-rolled-back";

/** The outcome of a comparison: what changed, whether any change is alarming, and what to remember once accepted. */
export interface PadComparison {
  changes: PadChange[];
  alarming: boolean;
  next: PadMemory;
}

const ALARMING: ReadonlySet<PadChange> = new Set([
  "salt",
  "iterations-lowered",
  "format-downgraded",
  "body-rolled-back",
]);

/** The memory of a notepad header (and, once decrypted, its body version). */
export function padFingerprint(header: Header, bodyVersion: number | null = null): PadMemory {
  if (header?.kind !== "pad" || !header.kdf)
    throw new HushnoteCryptoError("only a notepad header (with its KDF parameters) can be remembered");
  return { v: header.v, salt: header.kdf.salt, iterations: header.kdf.iterations, bodyVersion };
}

/**
 * Compares a notepad header with the memory: call it with the header before unlocking (salt, iterations, format), and
 * again with the decrypted body version (rollback). `next` keeps the highest body version seen unless the salt changed
 * (a new salt means a new pad, whose versions start again) and is what to store once the user accepts the changes.
 */
export function comparePadMemory(
  remembered: PadMemory | null,
  header: Header,
  bodyVersion: number | null = null,
): PadComparison {
  const now = padFingerprint(header, bodyVersion);
  if (!remembered) return { changes: [], alarming: false, next: now };
  const changes: PadChange[] = [];
  if (now.salt !== remembered.salt) changes.push("salt");
  if (now.iterations < remembered.iterations) changes.push("iterations-lowered");
  if (now.iterations > remembered.iterations) changes.push("iterations-raised");
  if (now.v < remembered.v) changes.push("format-downgraded");
  if (now.v > remembered.v) changes.push("format-upgraded");
  const seen = remembered.bodyVersion;
  if (bodyVersion !== null && seen !== null && bodyVersion < seen) changes.push("body-rolled-back");
  const keepHighest = now.salt === remembered.salt && seen !== null && (bodyVersion === null || bodyVersion < seen);
  const next = keepHighest ? { ...now, bodyVersion: seen } : now;
  return { changes, alarming: changes.some((c) => ALARMING.has(c)), next };
}
