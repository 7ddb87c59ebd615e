/** The shared setup of the notepad-memory specs: a fake server holding notepads, and one machine's state pointed at it. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll } from "vitest";
import { type FakeServer, fakeServer, padRoutes, type Route, type StoredPad } from "./fake-server";
import { build, cliEnv, runCli } from "./helpers";

export const PASSWORD = "pad password";
let fake: FakeServer | undefined;
/** The notepads the current test's fake server holds, by slug; tests change them to play a hostile server. */
export let pads: Map<string, StoredPad>;

/** Builds the CLI once per spec file and closes each test's fake server after it. */
export function padMemoryHooks(): void {
  beforeAll(() => build(), 60_000);
  afterEach(() => fake?.close());
}

/** A fake server holding `entries`, and one machine's environment (its own state directory) pointed at it. */
export async function setUp(
  entries: [string, StoredPad][],
  wrap: (route: Route) => Route = (r) => r,
): Promise<{ server: FakeServer; env: Record<string, string> }> {
  pads = new Map(entries);
  fake = await fakeServer(wrap(padRoutes(pads)));
  return { server: fake, env: cliEnv(fake.origin, { HUSHNOTE_PASSWORD: PASSWORD }) };
}

/** Runs `hushnote pad <args>` on this machine, with `input` on stdin. */
export const pad = (env: Record<string, string>, args: string[], input?: string) =>
  runCli(["pad", ...args], { env, input });
/** This machine's 0600 state file, where notepad memory and device credentials are kept. */
export const stateOf = (env: Record<string, string>) => join(env.XDG_STATE_HOME as string, "hushnote", "pads.json");
/** What this machine remembers about the notepad at `slug` on `server`. */
export const remembered = (env: Record<string, string>, server: FakeServer, slug: string) =>
  (
    JSON.parse(readFileSync(stateOf(env), "utf8")) as Record<
      string,
      { version?: number; device?: string; memory?: { salt: string; bodyVersion: number | null } }
    >
  )[`${server.origin}/p/${slug}`];
/** The POST …/open requests the server has seen. */
export const opens = (server: FakeServer) => server.log.filter((l) => l.path.endsWith("/open"));
