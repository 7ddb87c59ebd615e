/**
 * Rate limits on the Workers Rate Limiting binding, and the client keys the objects count wrong guesses by: keyed
 * hashes of the client's network, so limiters and objects see opaque keys and the address is never stored or logged.
 */
import { readConfig } from "./config";
import type { Device } from "./device-credential";
import { retryLater } from "./errors";
import { keyedHash } from "./keyed-hash";
import { logEvent } from "./log";

export type LimitClass = "create" | "read" | "padWrite";

type Binding = "CREATE_LIMIT" | "READ_LIMIT" | "PAD_WRITE_LIMIT";
const BINDINGS: Record<LimitClass, Binding> = {
  create: "CREATE_LIMIT",
  read: "READ_LIMIT",
  padWrite: "PAD_WRITE_LIMIT",
};
/** IPv6 networks are also limited by their /48 (4× the allowance): one subscriber often holds a whole /48 or /56. */
const COARSE: Record<LimitClass, `${Binding}_48`> = {
  create: "CREATE_LIMIT_48",
  read: "READ_LIMIT_48",
  padWrite: "PAD_WRITE_LIMIT_48",
};
/** The limiters' window (wrangler.toml `period`); a refused client may try again after it. */
const WINDOW_SECONDS = 10;
/** Requests that carry no address (only in-process test calls: the edge and wrangler dev always set one). */
const NO_ADDRESS = "no-address";

/** Notepad requests let through over their network's limit, to be decided once their body has named a device. */
const deferred = new WeakMap<object, LimitClass>();

/**
 * Throws 429 when the caller's network has used up its allowance for this class of request. With `deferToDevice`
 * (notepad routes that take a proof) an over-limit request goes on to its handler, which must call `admitDeferred`
 * as soon as it has read the request's device credential.
 */
export async function enforceRateLimit(
  request: Request,
  env: Env,
  kind: LimitClass,
  deferToDevice = false,
): Promise<void> {
  if (!readConfig(env).rateLimits) return;
  const address = request.headers.get("CF-Connecting-IP");
  if (!address) return;
  const coarse = coarsePrefix(address);
  const limits: [Binding | `${Binding}_48`, string][] = [
    [BINDINGS[kind], await keyedHash(addressPrefix(address), env)],
  ];
  if (coarse) limits.push([COARSE[kind], await keyedHash(coarse, env)]);
  for (const [binding, key] of limits) {
    if ((await env[binding].limit({ key })).success) continue;
    if (deferToDevice) {
      deferred.set(request, kind);
      return;
    }
    refuse(kind, binding.endsWith("_48") ? "/48" : "client");
  }
}

/**
 * Decides a notepad request that `enforceRateLimit` deferred. A genuine device credential for this pad counts in its
 * own lane per network and pad, so nobody without the pad's password can use up its owner's allowance from behind the
 * same address; anything else is refused, before any object is asked.
 */
export async function admitDeferred(request: Request, env: Env, slug: string, device: Device | null): Promise<void> {
  const kind = deferred.get(request);
  if (!kind) return;
  if (!device?.genuine) refuse(kind, "client");
  const address = request.headers.get("CF-Connecting-IP") ?? NO_ADDRESS;
  const lane = await keyedHash(`${addressPrefix(address)} pad ${slug}`, env);
  if (!(await env[BINDINGS[kind]].limit({ key: `pad:${lane}` })).success) refuse(kind, "device");
}

function refuse(kind: LimitClass, network: string): never {
  logEvent("rate_limited", { route: kind, network });
  throw retryLater(429, WINDOW_SECONDS, `Too many requests from your network. Try again in ${WINDOW_SECONDS} seconds.`);
}

/**
 * The keys a Durable Object counts this client's wrong guesses under: the keyed hash of its address (an IPv6 one by
 * its /64) first, then, for IPv6, of its /48, so that one subscriber's many /64s count as one network.
 */
export async function clientKeys(request: Request, env: Env): Promise<string[]> {
  const address = request.headers.get("CF-Connecting-IP");
  if (!address) return [NO_ADDRESS];
  const coarse = coarsePrefix(address);
  const keys = [await keyedHash(addressPrefix(address), env)];
  if (coarse) keys.push(await keyedHash(coarse, env));
  return keys;
}

/** The part of an address that identifies one client: all of IPv4, the first four groups (/64) of IPv6. */
export function addressPrefix(address: string): string {
  if (address.includes(".")) return address.slice(address.lastIndexOf(":") + 1);
  return ipv6Groups(address).slice(0, 4).join(":");
}

/** The coarser network of an IPv6 address (its /48, labelled so it never equals a /64); null for IPv4. */
export function coarsePrefix(address: string): string | null {
  if (address.includes(".")) return null;
  return `${ipv6Groups(address).slice(0, 3).join(":")}/48`;
}

/** The eight groups of an IPv6 address, lowercase, without leading zeros, with `::` expanded. */
function ipv6Groups(address: string): string[] {
  const [head = "", tail] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? [] : Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0");
  return [...left, ...zeros, ...right].map((group) => group.replace(/^0+(?=.)/, ""));
}
