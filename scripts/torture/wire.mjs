// The client's requests as the torture sees them, by wrapping this process's fetch (which the SDK calls for every
// request): which requests are on the wire, for the killer to aim at; each open's grant, which the audit replays to
// redeem a view consumed by an open whose answer never arrived (SPEC §1b); and, for one crash, an open answer
// dropped at the moment of the kill. Nothing else is changed in what is sent or answered.
import { AsyncLocalStorage } from "node:async_hooks";

/**
 * One SDK call's context: `grant` is recorded from its open request, or, if set beforehand, put in its place; `cut`
 * is set when a crash cut one of its answers.
 */
export const callContext = new AsyncLocalStorage();

/** The requests a crash is aimed at: each may commit on the server while its answer is still on the way. */
const AIMS = [
  ["open", "POST", /\/api\/notes\/[^/]+\/open$/],
  ["create", "POST", /\/api\/notes$/],
  ["create", "PUT", /\/api\/notes\/[^/]+\/parts\/\d+$/],
  ["save", "PUT", /\/api\/pads\/[^/]+$/],
];

/** The same answer, whose body calls `done` once it has ended, failed or been cancelled. */
function tracked(response, done) {
  if (!response.body) {
    done();
    return response;
  }
  const { readable, writable } = new TransformStream();
  response.body.pipeTo(writable).then(done, done);
  const { status, statusText, headers } = response;
  return new Response(readable, { status, statusText, headers });
}

/** An open's JSON body with its grant recorded in, or replaced from, the current callContext. */
function withGrant(body) {
  const store = callContext.getStore();
  if (!store || typeof body !== "string") return body;
  const fields = JSON.parse(body);
  if (store.grant) return JSON.stringify({ ...fields, grant: store.grant });
  store.grant = fields.grant;
  return body;
}

/**
 * Counts, in `run.busy`, the requests of each aim that are on the wire (sent, not yet answered; for an open, until its
 * body has arrived, since the view was consumed before the body started), and records or replays open grants.
 */
export function watchRequests(run) {
  run.busy = { create: 0, open: 0, save: 0 };
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    const aim = AIMS.find(([, m, path]) => m === method && path.test(url.pathname))?.[0];
    if (!aim) return original(input, init);
    if (aim === "open") init = { ...init, body: withGrant(init.body) };
    run.busy[aim]++;
    let ended = false;
    const done = () => {
      if (!ended) run.busy[aim]--;
      ended = true;
    };
    let response;
    try {
      response = await original(input, init);
    } catch (error) {
      done();
      throw error;
    }
    if (run.ambush?.kind === aim && response.ok) {
      // The crash strikes as this answer arrives: the server has committed (a view consumed, a note created, a pad
      // saved), the client never sees the answer.
      const { strike } = run.ambush;
      run.ambush = null;
      const store = callContext.getStore();
      if (store) store.cut = true;
      done();
      await response.body?.cancel();
      strike();
      throw new TypeError("fetch failed: the connection was cut by the crash as the answer arrived");
    }
    if (aim === "open") return tracked(response, done);
    done();
    return response;
  };
}

/**
 * Arms an ambush for the next request of `kind` (open, create, save) answered 2xx within `ms`: that answer is dropped
 * before the SDK sees it (as a connection cut by the crash would), and the promise resolves true at that moment, so
 * the caller kills the runtime then; false if none was answered in time.
 */
export function ambush(run, kind, ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      run.ambush = null;
      resolve(false);
    }, ms);
    const strike = () => {
      clearTimeout(timer);
      resolve(true);
    };
    run.ambush = { kind, strike };
  });
}
