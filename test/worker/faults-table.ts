/**
 * The fault specs' table: a route's storage calls are found by a healthy run, then each fails in turn under every
 * failing mode (and all at once, and all slowly). The answer must be 503 with Retry-After and a JSON sentence, or the
 * route's usual answer where it absorbed the fault by asking again; afterwards, with healthy storage, the route's own
 * invariants are checked and its retry made. No log line may carry the route's secrets (ids, tokens, slugs).
 */
import { expect, it, vi } from "vitest";
import {
  type Binding,
  callFaulty,
  FAILURES,
  type FaultMode,
  type FaultPlan,
  HANG_DEADLINE_MS,
  type StorageCall,
} from "./faults";

export interface RouteUnderFaults<T> {
  /** Makes what the request needs, with healthy storage. */
  setup(): Promise<T>;
  /** The request, built afresh for every send. */
  request(state: T): Request;
  /** Its usual statuses, which it may also answer when it absorbs a fault (a lost reply found done by asking again). */
  ok: number[];
  /** With healthy storage: what must hold after `faulted` (an ok answer or a 503), the retry included. */
  after(state: T, faulted: Response, plans: FaultPlan[]): Promise<void>;
  /** Strings no log line may contain. */
  secrets(state: T): string[];
  /** A route htmx swaps in answers its 503 as an HTML fragment (with Retry-After), not JSON. */
  html?: boolean;
}

/** Whether the reply of `method` was lost after its call went through. */
export const lostAfter = (plans: FaultPlan[], method: string) =>
  plans.some((plan) => plan.mode === "fail-after" && (plan.method === method || plan.method === "*"));

const BINDINGS: Binding[] = ["NOTES", "NOTE_OBJECT", "PAD_OBJECT", "REQUEST_OBJECT"];
/** A KV put streams its client's body for as long as the client sends: the Worker sets it no deadline, so no hang. */
const hangs = (call: StorageCall) => !(call.binding === "NOTES" && call.method === "put");

/** The route's specs: one per failing mode over each of its storage calls, then every call failing, then all slow. */
export function underFaults<T>(route: RouteUnderFaults<T>): void {
  for (const mode of FAILURES) {
    it(`answers 503 with Retry-After (or as usual) under ${mode} on each storage call, and recovers`, async () => {
      const calls = await healthyCalls(route);
      for (const [i, call] of calls.entries()) {
        if (mode === "hang" && !hangs(call)) continue;
        const nth = calls.slice(0, i + 1).filter((c) => c.binding === call.binding && c.method === call.method).length;
        await attempt(route, [{ ...call, mode, nth }], route.ok);
      }
    });
  }

  it("answers 503 with Retry-After when every storage call fails, and recovers", async () => {
    await attempt(route, faultAll("fail-before"), []);
  });

  it("answers as usual when every storage call is slow (below the deadline)", async () => {
    await attempt(route, faultAll("slow"), route.ok, true);
  });
}

/** The storage calls the route makes on healthy storage, in order (it must make some, and answer as usual). */
async function healthyCalls<T>(route: RouteUnderFaults<T>): Promise<StorageCall[]> {
  const calls: StorageCall[] = [];
  const state = await route.setup();
  const response = await callFaulty([], route.request(state), calls);
  expect(route.ok).toContain(response.status);
  await route.after(state, response, []);
  expect(calls.length).toBeGreaterThan(0);
  return calls;
}

/** One faulted request: its answer checked, its logs searched for secrets, then the route's invariants. */
async function attempt<T>(route: RouteUnderFaults<T>, plans: FaultPlan[], ok: number[], mustBeOk = false) {
  const fault = plans.map((plan) => `${plan.mode} on ${plan.binding}.${plan.method} #${plan.nth ?? "all"}`).join();
  const state = await route.setup();
  const lines: string[] = [];
  const record = (...args: unknown[]) => {
    lines.push(args.map(String).join(" "));
  };
  const log = vi.spyOn(console, "log").mockImplementation(record);
  const warn = vi.spyOn(console, "warn").mockImplementation(record);
  const started = Date.now();
  const response = await callFaulty(plans, route.request(state));
  // A hang is cut at the deadline; a route asks again at most once (a create), so two deadlines bound it.
  if (plans.some((plan) => plan.mode === "hang"))
    expect(Date.now() - started).toBeLessThan(2 * HANG_DEADLINE_MS + 1500);
  log.mockRestore();
  warn.mockRestore();
  if (mustBeOk || response.status !== 503) {
    expect(ok, `${fault}: answered ${response.status}`).toContain(response.status);
  } else {
    const retryAfter = response.headers.get("Retry-After");
    expect(retryAfter, fault).toMatch(/^[1-9]\d*$/);
    if (route.html) {
      expect(response.headers.get("Content-Type"), fault).toMatch(/^text\/html/);
      expect(await response.text(), fault).toContain("could not be refreshed just now");
    } else {
      const body = (await response.json()) as { status: number; error: string };
      const sentence = expect.stringMatching(/^[A-Z].+\.$/);
      expect(body, fault).toEqual({ status: 503, error: sentence, retryAfter: Number(retryAfter) });
      expect(body.error, fault).not.toMatch(/injected|Error|\bat\b.*:\d+/);
    }
  }
  for (const secret of route.secrets(state)) expect(lines.join("\n"), fault).not.toContain(secret);
  await route.after(state, response, plans);
}

/** `mode` on every call of every binding. */
const faultAll = (mode: FaultMode): FaultPlan[] => BINDINGS.map((binding) => ({ binding, method: "*", mode }));
