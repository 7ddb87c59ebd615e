/**
 * Storage faults for the Worker specs: `faultyEnv` wraps the KV binding and the Durable Object namespaces' stubs of the
 * test pool so that a chosen call fails, loses its reply, hangs, slows down, or fails as workerd's "reset" and
 * "overloaded" errors do; `callFaulty` sends one request through the Worker's real handler on such an env.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { handler } from "../../worker/app";
import { type CallInit, ORIGIN } from "./call";

/**
 * fail-before: throws without calling. fail-after: calls, then throws (the reply was lost after the commit). hang:
 * never settles. slow: waits `delayMs`, then calls. reset, overloaded: throw workerd's errors for those, uncalled.
 */
export type FaultMode = "fail-before" | "fail-after" | "hang" | "slow" | "reset" | "overloaded";
/** Every failing mode (slow is not one). */
export const FAILURES: FaultMode[] = ["fail-before", "fail-after", "hang", "reset", "overloaded"];
export type Binding = "NOTES" | "NOTE_OBJECT" | "PAD_OBJECT" | "REQUEST_OBJECT";

export interface FaultPlan {
  binding: Binding;
  /** A KV method (get, getWithMetadata, list, put, delete) or an object's RPC method; "*" for any. */
  method: string;
  mode: FaultMode;
  /** Which of the matching calls (1 for the first); every one when absent. */
  nth?: number;
  /** For slow: the delay before the real call, 50 ms unless said. */
  delayMs?: number;
}

/** One storage call as the Worker made it. */
export interface StorageCall {
  binding: Binding;
  method: string;
}

/** Short enough for a hang to cost little, long enough that a healthy call on a loaded machine never hits it. */
export const HANG_DEADLINE_MS = 400;
/** The deadline for every other fault: no healthy call comes near it. */
export const DEADLINE_MS = 5000;

/** `base` (with HUSHNOTE_DEV, as call.ts) whose storage bindings obey `plans`; every call is appended to `calls`. */
export function faultyEnv(base: Env, plans: FaultPlan | FaultPlan[], calls: StorageCall[] = []): Env {
  const armed = [plans].flat().map((plan) => ({ plan, seen: 0 }));
  const through = (binding: Binding, method: string, real: () => Promise<unknown>) => {
    calls.push({ binding, method });
    let hit: FaultPlan | undefined;
    for (const entry of armed) {
      if (entry.plan.binding !== binding || (entry.plan.method !== "*" && entry.plan.method !== method)) continue;
      entry.seen += 1;
      if (!hit && (entry.plan.nth === undefined || entry.plan.nth === entry.seen)) hit = entry.plan;
    }
    return hit ? inject(hit, real) : real();
  };
  const kv = base.NOTES as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const notes = Object.fromEntries(
    ["get", "getWithMetadata", "list", "put", "delete"].map((method) => [
      method,
      (...args: unknown[]) => through("NOTES", method, () => kv[method]!(...args)),
    ]),
  );
  return {
    ...base,
    HUSHNOTE_DEV: "true",
    NOTES: notes as unknown as KVNamespace,
    NOTE_OBJECT: faultyNamespace(base.NOTE_OBJECT, "NOTE_OBJECT", through),
    PAD_OBJECT: faultyNamespace(base.PAD_OBJECT, "PAD_OBJECT", through),
    REQUEST_OBJECT: faultyNamespace(base.REQUEST_OBJECT, "REQUEST_OBJECT", through),
  } as Env;
}

type Through = (binding: Binding, method: string, real: () => Promise<unknown>) => Promise<unknown>;

/** The namespace as is, except that its stubs route every RPC method through `through`. */
function faultyNamespace<T extends object>(namespace: T, binding: Binding, through: Through): T {
  return new Proxy(namespace, {
    get(target, name) {
      const value = Reflect.get(target, name);
      if (typeof value !== "function") return value;
      if (name !== "get" && name !== "getByName") return value.bind(target);
      return (...args: unknown[]) => {
        const stub = Reflect.apply(value, target, args) as Record<string, (...args: unknown[]) => Promise<unknown>>;
        return new Proxy(stub, {
          get(inner, method) {
            const property = Reflect.get(inner, method);
            if (typeof method !== "string" || method === "then" || typeof property !== "function") return property;
            return (...params: unknown[]) => through(binding, method, () => inner[method]!(...params));
          },
        });
      };
    },
  });
}

async function inject(plan: FaultPlan, real: () => Promise<unknown>): Promise<unknown> {
  switch (plan.mode) {
    case "fail-before":
      throw new Error("injected: the storage call failed");
    case "fail-after": {
      const result = await real();
      // A KV stream nobody will read is cancelled, as the runtime would once the reply is lost.
      if (result instanceof ReadableStream) await result.cancel();
      throw new Error("injected: the reply was lost after the call");
    }
    case "hang":
      return new Promise(() => undefined);
    case "slow":
      await scheduler.wait(plan.delayMs ?? 50);
      return real();
    case "reset":
      throw Object.assign(new Error("Durable Object reset because its code was updated."), { retryable: true });
    case "overloaded":
      throw Object.assign(new Error("Durable Object is overloaded. Too many requests queued."), { overloaded: true });
  }
}

/** A request as call.ts builds it. */
export function request(method: string, path: string, init: CallInit = {}): Request {
  const headers = new Headers(init.headers);
  let body: BodyInit | undefined = init.raw;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  }
  return new Request(ORIGIN + path, { method, headers, body });
}

/**
 * Sends `request` through the Worker's handler with storage faulty as `plans` say (none: healthy, but still recorded
 * in `calls`); hangs are cut at HANG_DEADLINE_MS, everything else at DEADLINE_MS.
 */
export async function callFaulty(
  plans: FaultPlan | FaultPlan[],
  sent: Request,
  calls: StorageCall[] = [],
): Promise<Response> {
  const hangs = [plans].flat().some((plan) => plan.mode === "hang");
  const ctx = createExecutionContext();
  const response = await handler(hangs ? HANG_DEADLINE_MS : DEADLINE_MS).fetch(sent, faultyEnv(env, plans, calls), ctx);
  await waitOnExecutionContext(ctx);
  return response;
}
