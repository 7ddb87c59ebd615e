/**
 * What this machine remembers per notepad (server + address), in one file only its owner can read (0600): the version
 * last read or saved (what `pad put` claims to be editing), the key fingerprint with the highest body version seen
 * (docs/FORMAT.md §7, rules 10 and 15), and the device credential the server issued. No password and no key: the
 * credential opens nothing without the password; it only keeps this device's way in when others guess wrong.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { PadMemory } from "../../crypto/index";

/** One notepad's entry; every field is optional (older files held only the version). */
export interface PadEntry {
  version?: number;
  memory?: PadMemory;
  device?: string;
}

/** $XDG_STATE_HOME/hushnote/pads.json, or ~/.local/state/hushnote/pads.json. */
export function statePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_STATE_HOME || join(homedir(), ".local", "state"), "hushnote", "pads.json");
}

const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

function asMemory(value: unknown): PadMemory | undefined {
  const m = value as Partial<PadMemory> | null;
  if (!m || typeof m !== "object" || (m.v !== 1 && m.v !== 2) || typeof m.salt !== "string" || !isCount(m.iterations))
    return undefined;
  if (m.bodyVersion !== null && !isCount(m.bodyVersion)) return undefined;
  return { v: m.v, salt: m.salt, iterations: m.iterations, bodyVersion: m.bodyVersion };
}

/** An entry as read from disk: the file is ours, but a damaged field is dropped rather than trusted. */
function asEntry(value: unknown): PadEntry {
  if (isCount(value)) return { version: value };
  if (!value || typeof value !== "object") return {};
  const raw = value as Record<string, unknown>;
  const memory = asMemory(raw.memory);
  return {
    ...(isCount(raw.version) ? { version: raw.version } : {}),
    ...(memory ? { memory } : {}),
    ...(typeof raw.device === "string" ? { device: raw.device } : {}),
  };
}

function load(path: string): Record<string, unknown> {
  try {
    const value = JSON.parse(readFileSync(path, "utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

/** Writes the whole file anew (a fresh 0600 file, then rename): a crash never leaves half a file, other modes never stick. */
function save(path: string, state: Record<string, unknown>): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600, flag: "wx" });
    renameSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
}

const key = (server: string, slug: string) => `${server}/p/${slug}`;

/** What this machine remembers about the notepad at `slug` on `server` (empty when nothing). */
export function padEntry(server: string, slug: string, env: NodeJS.ProcessEnv = process.env): PadEntry {
  return asEntry(load(statePath(env))[key(server, slug)]);
}

/** Records what was just learnt about a notepad, keeping the fields not given. */
export function rememberPad(server: string, slug: string, entry: PadEntry, env: NodeJS.ProcessEnv = process.env): void {
  const path = statePath(env);
  const state = load(path);
  const merged: PadEntry = { ...asEntry(state[key(server, slug)]), ...entry };
  state[key(server, slug)] = merged;
  save(path, state);
}

/** Forgets a notepad (after deleting it): its version, key fingerprint and device credential. */
export function forgetPad(server: string, slug: string, env: NodeJS.ProcessEnv = process.env): void {
  const path = statePath(env);
  const state = load(path);
  if (!(key(server, slug) in state)) return;
  delete state[key(server, slug)];
  save(path, state);
}
