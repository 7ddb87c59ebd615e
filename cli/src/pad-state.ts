/** The version of each notepad this machine last read or saved: what `pad put` claims to be editing. No secrets. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** $XDG_STATE_HOME/hushnote/pads.json, or ~/.local/state/hushnote/pads.json. */
export function statePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_STATE_HOME || join(homedir(), ".local", "state"), "hushnote", "pads.json");
}

function load(path: string): Record<string, number> {
  try {
    const value = JSON.parse(readFileSync(path, "utf8"));
    return value && typeof value === "object" ? value : {};
  } catch {
    return {};
  }
}

const key = (server: string, slug: string) => `${server}/p/${slug}`;

/** The version last seen for this pad on this server, or null. */
export function seenVersion(server: string, slug: string): number | null {
  const v = load(statePath())[key(server, slug)];
  return Number.isSafeInteger(v) ? (v as number) : null;
}

/** Records the version just read or saved (written via rename, so a crash never leaves half a file). */
export function recordVersion(server: string, slug: string, version: number): void {
  const path = statePath();
  const state = load(path);
  state[key(server, slug)] = version;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}
