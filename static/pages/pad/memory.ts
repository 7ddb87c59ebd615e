/**
 * What this browser remembers about a notepad address, in localStorage under its origin and address: the pad's
 * fingerprint (format, salt, iterations, highest body version seen; crypto/pad-memory.ts) for trust on first use, and
 * the device credential the server handed this browser. Neither is a secret that opens the pad: the fingerprint is
 * public, and the credential only helps a right password in while others guess wrong ones.
 */
import type { PadMemory } from "../../../crypto/index";

interface Remembered {
  memory?: PadMemory;
  device?: string;
}

const storageKey = (slug: string) => `hushnote:pad:${location.origin}/p/${slug}`;

function read(slug: string): Remembered {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(storageKey(slug)) ?? "{}");
    return value && typeof value === "object" ? (value as Remembered) : {};
  } catch {
    return {};
  }
}

function write(slug: string, change: Remembered): void {
  try {
    localStorage.setItem(storageKey(slug), JSON.stringify({ ...read(slug), ...change }));
  } catch {
    // Storage off or full: this browser then meets the pad as new each time, and gets a new credential.
  }
}

const isMemory = (m: unknown): m is PadMemory => {
  const r = m as PadMemory | undefined;
  return (
    typeof r?.salt === "string" &&
    typeof r.iterations === "number" &&
    (r.v === 1 || r.v === 2) &&
    (r.bodyVersion === null || typeof r.bodyVersion === "number")
  );
};

/** The fingerprint this browser saw last at this address, or null the first time. */
export function rememberedPad(slug: string): PadMemory | null {
  const { memory } = read(slug);
  return isMemory(memory) ? memory : null;
}

/** Keeps the fingerprint after a successful open or save. */
export const rememberPad = (slug: string, memory: PadMemory) => write(slug, { memory });

/** The device credential for this address, if the server gave this browser one. */
export function deviceFor(slug: string): string | undefined {
  const { device } = read(slug);
  return typeof device === "string" ? device : undefined;
}

/** Keeps a credential the server handed out (it does so only when the request carried no valid one). */
export function keepDevice(slug: string, device: string | undefined): void {
  if (device) write(slug, { device });
}

/** Forgets the credential (a password change revokes every device; the answer may carry a new one). */
export const dropDevice = (slug: string) => write(slug, { device: undefined });

/** Forgets the address altogether, after this browser deleted the pad there. */
export function forgetPad(slug: string): void {
  try {
    localStorage.removeItem(storageKey(slug));
  } catch {
    // Nothing was stored.
  }
}
