/**
 * The same random requests as fuzz-routes.spec.ts, handed to the Worker's fetch handler directly (nothing normalises
 * them on the way, so headers reach the router exactly as drawn), and the objects their ids and addresses name are
 * looked into: probing a note id or a notepad address never creates a table.
 */
import { afterAll, describe, it, vi } from "vitest";
import { direct, Tally } from "./fuzz/check";
import { checkRoutes } from "./fuzz/route-property";
import { timeoutFor } from "./fuzz/settings";

const SHARE = 0.2;

describe("every route under random requests, objects inspected", () => {
  const statuses = new Tally();
  afterAll(() => {
    vi.restoreAllMocks();
    console.info(`fuzz routes (direct): answers by status: ${statuses}`);
  });

  it(
    "never answers 5xx, refuses with JSON {status, error}, and leaves every probed object empty",
    () => checkRoutes("routes-direct", SHARE, direct, statuses, true),
    timeoutFor(SHARE),
  );
});
