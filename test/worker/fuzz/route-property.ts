/** The property both route fuzz specs check, whichever way their requests reach the Worker. */
import fc from "fast-check";
import { expect } from "vitest";
import { captureLogs, expectCleanAnswer, expectObjectsEmpty, kvKeys, type Tally } from "./check";
import { fuzzRequest, toRequest } from "./requests";
import { fuzzParameters } from "./settings";

/** Paths that answer 2xx to GET and HEAD with nothing created (the router allows trailing slashes): pages, published files, config and health. */
const READ_ONLY =
  /^\/(|healthz|api\/config|fragments\/limits|\.well-known\/hushnote\.json|favicon\.svg|[nm]\/[^/]+|p\/[^/]+)$/;

/**
 * Random requests, none a valid write (ids are fresh, proofs random): every answer is a clean refusal or a read-only
 * page, KV keeps exactly the keys it had, no log line is a 500's or names an id or address, and (with `inspect`) the
 * objects of every eighth request's ids and addresses hold no tables.
 */
export async function checkRoutes(
  name: string,
  share: number,
  send: (request: Request) => Promise<Response>,
  statuses: Tally,
  inspect: boolean,
): Promise<void> {
  const logs = captureLogs();
  const before = await kvKeys();
  let sampled = 0;
  await fc.assert(
    fc.asyncProperty(fuzzRequest, async (drawn) => {
      const request = toRequest(drawn);
      if (!request) {
        statuses.add("not sendable");
        return;
      }
      const response = await send(request);
      statuses.add(response.status);
      await expectCleanAnswer(request, response);
      if (!response.bodyUsed) await response.body?.cancel();
      const { method } = request;
      const { pathname } = new URL(request.url);
      if (response.status < 400) {
        expect(/^(GET|HEAD)$/.test(method), `${method} ${pathname} answered ${response.status}`).toBe(true);
        expect(READ_ONLY.test(pathname.replace(/\/+$/, "") || "/"), `${pathname} answered ${response.status}`).toBe(
          true,
        );
      }
      expect(await kvKeys(), "KV unchanged").toEqual(before);
      const lines = logs.take();
      expect(lines.filter((line) => line.includes('"worker.error"'))).toEqual([]);
      // Logs never carry a note id or an address (docs/SECURITY.md); short values could match by chance.
      for (const secret of [...drawn.ids, ...drawn.slugs].filter((s) => s.length >= 12)) {
        expect(lines.filter((line) => line.includes(secret))).toEqual([]);
      }
      if (inspect && drawn.ids.length + drawn.slugs.length > 0 && sampled++ % 8 === 0) {
        await expectObjectsEmpty(drawn.ids, drawn.slugs);
      }
    }),
    fuzzParameters(name, share),
  );
}
