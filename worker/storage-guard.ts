/**
 * The Worker's storage calls (KV reads and deletes, every Durable Object RPC) under a deadline: a call that fails or
 * does not answer in time becomes `StorageUnavailable`, which renderError answers with 503 and Retry-After, so a
 * storage outage is a "try again" for clients, never a 500 or a request left hanging.
 */
import { logEvent } from "./log";

/** How long the Worker waits on one storage call before answering 503. */
export const STORAGE_DEADLINE_MS = 10_000;

/** A storage call that failed or passed its deadline. It names the binding and method only, never a key or an id. */
export class StorageUnavailable extends Error {
  override name = "StorageUnavailable";

  constructor(
    readonly binding: string,
    readonly method: string,
    override readonly cause: unknown,
  ) {
    super(`${binding}.${method} did not answer`, { cause });
  }

  /** The class of the underlying failure (StorageTimeout when the deadline passed), safe to log. */
  get kind(): string {
    return this.cause instanceof Error ? this.cause.name : typeof this.cause;
  }
}

/**
 * One `storage.unavailable` line per failed call, where it fails: a failure the route then recovers from (a create or
 * a lost reply asked again) is logged too, so the operator sees every storage hiccup, never an id or a key.
 */
export function logUnavailable(failure: StorageUnavailable): void {
  logEvent("storage.unavailable", { binding: failure.binding, method: failure.method, kind: failure.kind }, "warn");
}

/** The cause of a StorageUnavailable whose call did not settle within the deadline. */
export class StorageTimeout extends Error {
  override name = "StorageTimeout";
}

/** KV reads and deletes. A put streams its client's body for as long as that takes; body-upload.ts maps its failures. */
const KV_GUARDED = new Set<PropertyKey>(["get", "getWithMetadata", "list", "delete"]);
/** Namespace methods that hand out stubs, whose every RPC is then guarded; the others make ids locally. */
const STUB_MAKERS = new Set<PropertyKey>(["get", "getByName", "getExisting"]);

const guarded = new WeakMap<object, Map<number, Env>>();

/**
 * `env` with NOTES, NOTE_OBJECT, PAD_OBJECT and REQUEST_OBJECT guarded; made once per env object and deadline, so
 * the per-env caches keyed by the result (readConfig's) keep hitting as they do for the raw env.
 */
export function guardEnv(env: Env, deadlineMs = STORAGE_DEADLINE_MS): Env {
  const byDeadline = guarded.get(env) ?? new Map<number, Env>();
  guarded.set(env, byDeadline);
  let safe = byDeadline.get(deadlineMs);
  if (!safe) {
    // Defined on the view, never assigned: an assignment goes through the prototype, and an env that forwards writes
    // (the test pool's, cloudflare:workers' importable one) would have its own bindings replaced by the guarded ones.
    const own = (value: unknown): PropertyDescriptor => ({ value, enumerable: true });
    safe = Object.create(env, {
      NOTES: own(guardMethods(env.NOTES, "NOTES", (name) => KV_GUARDED.has(name), deadlineMs)),
      NOTE_OBJECT: own(guardNamespace(env.NOTE_OBJECT, "NOTE_OBJECT", deadlineMs)),
      PAD_OBJECT: own(guardNamespace(env.PAD_OBJECT, "PAD_OBJECT", deadlineMs)),
      REQUEST_OBJECT: own(guardNamespace(env.REQUEST_OBJECT, "REQUEST_OBJECT", deadlineMs)),
    }) as Env;
    byDeadline.set(deadlineMs, safe);
  }
  return safe;
}

/** Runs one storage call under the deadline; any rejection or a timeout becomes StorageUnavailable. */
async function withinDeadline<T>(
  binding: string,
  method: string,
  deadlineMs: number,
  call: () => Promise<T>,
): Promise<T> {
  let fail: (reason: StorageTimeout) => void = () => undefined;
  const late = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const timer = setTimeout(() => fail(new StorageTimeout(`no answer within ${deadlineMs} ms`)), deadlineMs);
  try {
    return await Promise.race([call(), late]);
  } catch (cause) {
    if (cause instanceof StorageUnavailable) throw cause;
    const failure = new StorageUnavailable(binding, method, cause);
    logUnavailable(failure);
    throw failure;
  } finally {
    clearTimeout(timer);
  }
}

function guardNamespace<T extends object>(namespace: T, binding: string, deadlineMs: number): T {
  return new Proxy(namespace, {
    get(target, name) {
      const value = Reflect.get(target, name);
      if (typeof value !== "function") return value;
      if (!STUB_MAKERS.has(name)) return value.bind(target);
      return (...args: unknown[]) => {
        const stub = Reflect.apply(value, target, args) as object;
        // `then` is never an RPC method: a guarded `then` would make the stub look like a promise to `await`.
        return guardMethods(stub, binding, (method) => typeof method === "string" && method !== "then", deadlineMs);
      };
    },
  });
}

/**
 * A view of `target` whose methods named by `guards` run under the deadline; its other methods stay bound to it (a
 * native binding refuses to be called on anything else) and other properties pass through. Calls go through the
 * target's property each time: an RPC stub's property is a remote path, so `method.apply` would name a remote method.
 */
function guardMethods<T extends object>(
  target: T,
  binding: string,
  guards: (name: PropertyKey) => boolean,
  deadlineMs: number,
): T {
  return new Proxy(target, {
    get(inner, name) {
      const value = Reflect.get(inner, name);
      if (typeof value !== "function") return value;
      if (!guards(name)) return value.bind(inner);
      const method = name as string;
      const callable = inner as Record<string, (...args: unknown[]) => Promise<unknown>>;
      return (...args: unknown[]) => withinDeadline(binding, method, deadlineMs, () => callable[method]!(...args));
    },
  });
}
