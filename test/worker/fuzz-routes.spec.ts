/**
 * Hostile input at scale (issue 13, SPEC §4): random methods, paths, ids, slugs, headers and bodies against every route
 * through the Worker's own entrypoint in workerd, as a client's request arrives. Nothing drawn is a valid write, so
 * every answer must be a clean refusal or a read-only page, and nothing may land in KV (fuzz/route-property.ts).
 */
import { exports } from "cloudflare:workers";
import { afterAll, describe, it, vi } from "vitest";
import { Tally } from "./fuzz/check";
import { checkRoutes } from "./fuzz/route-property";
import { timeoutFor } from "./fuzz/settings";

const SHARE = 0.35;

describe("every route under random requests, through the entrypoint", () => {
  const statuses = new Tally();
  afterAll(() => {
    vi.restoreAllMocks();
    console.info(`fuzz routes: answers by status: ${statuses}`);
  });

  it(
    "never answers 5xx, refuses with JSON {status, error}, and stores nothing",
    () => checkRoutes("routes", SHARE, (request) => exports.default.fetch(request), statuses, false),
    timeoutFor(SHARE),
  );
});
