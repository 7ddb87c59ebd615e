/** What every fuzzed answer must be: never a 5xx, every refusal a JSON {status, error}, nothing stored by a refusal. */
import { createExecutionContext, env, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { afterAll, beforeAll, expect, vi } from "vitest";
import { isNoteId } from "../../../crypto/header";
import { isUsableSlug } from "../../../protocol/slug";

/**
 * The bindings and vars as deployed (no HUSHNOTE_DEV), as one copy the Worker's per-env caches keep hitting. A copy,
 * because handing the Worker the pool's own env object leaves the pool's object helpers unable to recognise stubs.
 */
const deployedEnv = { ...env } as Env;

/**
 * Sends it to the Worker's fetch handler in this isolate (no entrypoint hop, so nothing normalises the request first).
 * Through the entrypoint the Worker gets the pool's own env object, after which the pool's object helpers no longer
 * recognise stubs in this file; the specs that look into objects send this way.
 */
export async function direct(request: Request): Promise<Response> {
  // Imported when first used, as call.ts does: a static import of the Worker has the same effect as the entrypoint.
  const worker = (await import("../../../worker/index")).default;
  const ctx = createExecutionContext();
  const response = await worker.fetch(request as Request<unknown, IncomingRequestCfProperties>, deployedEnv, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/**
 * Asserts the shape of an answer. Refusals are `{status, error}` JSON with that status, except where the product
 * answers HTML on purpose: fragments (htmx swaps their refusals into the page, worker/fragments.ts) and GET/HEAD of a
 * notepad page whose address can never exist (the notepad page itself with 404, worker/pages.ts padPage). Any other
 * method there is refused by the pages' read-only gate, as JSON.
 */
export async function expectCleanAnswer(request: Request, response: Response): Promise<void> {
  const { pathname } = new URL(request.url);
  expect(response.status, "never a 5xx for anything a client sends").toBeLessThan(500);
  // Every answer leaves through the security headers step, refusals included.
  expect(response.headers.get("Content-Security-Policy")).toBeTruthy();
  expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
  if (response.status < 400) return;
  const type = response.headers.get("Content-Type") ?? "";
  if (isPage(request.method) && (pathname.startsWith("/fragments/") || /^\/p\/[^/]+\/?$/.test(pathname))) {
    expect(type).toMatch(/^text\/html/);
    return;
  }
  expect(type, `a ${response.status} to ${request.method} ${pathname} is JSON`).toMatch(/^application\/json/);
  if (request.method === "HEAD") return;
  const body = (await response.json()) as { status: unknown; error: unknown };
  expect(body.status).toBe(response.status);
  expect(typeof body.error === "string" && body.error.trim().length > 0, "error is a sentence").toBe(true);
  expect(JSON.stringify(body), "no stack trace").not.toMatch(/\bat .*\.(ts|js):\d+/);
}

const isPage = (method: string) => method === "GET" || method === "HEAD";

/** Every key in the note KV (bodies of notes and pads), sorted. */
export async function kvKeys(): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.NOTES.list({ cursor });
    names.push(...page.keys.map((k) => k.name));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return names.sort();
}

/** The tables an object's SQLite storage holds (the runtime's own `_cf_` tables aside): none for one never created. */
function tablesOf(stub: DurableObjectStub): Promise<string[]> {
  return runInDurableObject(stub, (_instance, state) =>
    state.storage.sql
      .exec<{ name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'",
      )
      .toArray()
      .map((row) => row.name),
  );
}

/** Asserts that the objects of these (fuzzed) note ids and addresses hold nothing: probing never writes. */
export async function expectObjectsEmpty(ids: string[], slugs: string[]): Promise<void> {
  for (const id of ids.filter(isNoteId)) {
    expect(await tablesOf(env.NOTE_OBJECT.get(env.NOTE_OBJECT.idFromName(`note:${id}`)))).toEqual([]);
  }
  for (const slug of slugs.filter(isUsableSlug)) {
    expect(await tablesOf(env.PAD_OBJECT.get(env.PAD_OBJECT.idFromName(`pad:${slug}`)))).toEqual([]);
  }
}

/**
 * Captures the Worker's log lines (it runs in this isolate), silencing them: a fuzz run would print thousands. `take`
 * returns and clears the lines so far; the spec asserts on them (no worker.error, which is a 500's line).
 */
export function captureLogs() {
  const lines: string[] = [];
  const keep = (...args: unknown[]) => {
    lines.push(args.map(String).join(" "));
  };
  vi.spyOn(console, "log").mockImplementation(keep);
  vi.spyOn(console, "warn").mockImplementation(keep);
  vi.spyOn(console, "error").mockImplementation(keep);
  return { take: () => lines.splice(0) };
}

/** Counts answers by status, for the figures a run prints. */
export class Tally {
  private readonly counts = new Map<string, number>();

  add(what: string | number): void {
    this.counts.set(String(what), (this.counts.get(String(what)) ?? 0) + 1);
  }

  toString(): string {
    return [...this.counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${k}: ${n}`)
      .join(", ");
  }
}

/**
 * One fuzz spec file's bookkeeping: answers tallied by status (printed under `name` when the file ends), and the
 * Worker's log lines captured for the whole file so that each case can check it logged no worker.error.
 */
export function fuzzRun(name: string): { statuses: Tally; expectNoServerError: () => void } {
  const statuses = new Tally();
  let logs: ReturnType<typeof captureLogs>;
  beforeAll(() => {
    logs = captureLogs();
  });
  afterAll(() => {
    vi.restoreAllMocks();
    console.info(`${name}: answers by status: ${statuses}`);
  });
  const expectNoServerError = () => expect(logs.take().filter((line) => line.includes('"worker.error"'))).toEqual([]);
  return { statuses, expectNoServerError };
}
