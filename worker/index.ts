/** hushnote Worker: wires the routes; policy lives in NoteObject, bodies in KV, pages in Workers Assets. */
import { AutoRouter, type IRequest } from "itty-router";
import { publicConfig, readConfig } from "./config";
import { StatusError, renderError } from "./errors";
import { limit, notepadsEnabled, teamOnly } from "./gates";
import { API_CSP, withSecurityHeaders } from "./headers";
import { createNote, deleteNote, noteReceipt, noteStatus, openNote } from "./notes";
import { servePage } from "./pages";
import { deletePad, openPad, padStatus, savePad } from "./pads";

export { NoteObject } from "./note-object";
export { PadObject } from "./pad-object";

const router = AutoRouter<IRequest, [env: Env, ctx: ExecutionContext]>({
  catch: renderError,
  missing: (request: IRequest, env: Env) => {
    if (new URL(request.url).pathname.startsWith("/api/")) throw new StatusError(404, "There is no such API route.");
    return servePage(request, env);
  },
});

router
  .get("/healthz", (_request, env) => ({ status: "ok", instance: readConfig(env).instanceName }))
  .get("/api/config", (_request, env) => publicConfig(readConfig(env)))
  .post("/api/notes", limit("create"), teamOnly, createNote)
  .get("/api/notes/:id", limit("read"), noteStatus)
  .post("/api/notes/:id/open", limit("read"), openNote)
  .delete("/api/notes/:id", limit("read"), deleteNote)
  .get("/api/notes/:id/receipt", limit("read"), noteReceipt)
  .all("/api/pads/*", notepadsEnabled)
  .get("/api/pads/:slug", limit("read"), padStatus)
  .post("/api/pads/:slug/open", limit("read"), openPad)
  .put("/api/pads/:slug", limit("padWrite"), teamOnly, savePad)
  .delete("/api/pads/:slug", limit("read"), deletePad);

export default {
  /** Every response leaves through here: pages carry their own CSP, everything else the locked-down API policy. */
  async fetch(request, env, ctx) {
    let response: Response;
    try {
      response = await router.fetch(request, env, ctx);
    } catch (thrown) {
      response = renderError(thrown);
    }
    return response.headers.has("Content-Security-Policy") ? response : withSecurityHeaders(response, API_CSP);
  },
} satisfies ExportedHandler<Env>;
