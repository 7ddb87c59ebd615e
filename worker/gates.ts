/** Route gates that run before a handler: rate limits, the optional Access team gate, the notepads switch, GET-only pages. */
import type { IRequest } from "itty-router";
import { requireAccess } from "./access";
import { readConfig } from "./config";
import { StatusError } from "./errors";
import { enforceRateLimit, type LimitClass } from "./rate-limit";

/** Counts the request against its class's rate limit (429 when used up). */
export const limit = (kind: LimitClass) => (request: IRequest, env: Env) => enforceRateLimit(request, env, kind);

/** The same for notepad routes that take a proof: over the limit, the handler lets a known device through (pads.ts). */
export const padLimit = (kind: LimitClass) => (request: IRequest, env: Env) =>
  enforceRateLimit(request, env, kind, true);

/** Lets only members of the configured Cloudflare Access team create (when ACCESS_* is set). */
export const teamOnly = (request: IRequest, env: Env) => requireAccess(request, readConfig(env).access);

/** Refuses every notepad route when NOTEPADS is off. */
export function notepadsEnabled(_request: IRequest, env: Env): void {
  if (!readConfig(env).notepads) throw new StatusError(403, "Notepads are turned off on this instance (NOTEPADS).");
}

/** Pages, published files and fragments are read-only: anything but GET or HEAD is 405. */
export function readOnly(request: IRequest): void {
  if (request.method !== "GET" && request.method !== "HEAD")
    throw new StatusError(405, "Pages can only be fetched with GET.");
}
