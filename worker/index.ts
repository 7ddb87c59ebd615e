/** hushnote Worker: wires the routes; policy lives in NoteObject, bodies in KV, pages in Workers Assets. */
import { AutoRouter, type IRequest } from "itty-router";
import { readConfig } from "./config";
import { StatusError, renderError } from "./errors";
import { API_CSP, withSecurityHeaders } from "./headers";
import { createNote, deleteNote, noteReceipt, noteStatus, openNote } from "./notes";
import { servePage } from "./pages";

export { NoteObject } from "./note-object";

const router = AutoRouter<IRequest, [env: Env, ctx: ExecutionContext]>({
  catch: renderError,
  missing: (request: IRequest, env: Env) => {
    if (new URL(request.url).pathname.startsWith("/api/")) throw new StatusError(404, "There is no such API route.");
    return servePage(request, env);
  },
  // Pages set their own CSP; everything else (API answers, errors) gets the locked-down API policy.
  finally: [(response: Response) => (response.headers.has("Content-Security-Policy") ? response : withSecurityHeaders(response, API_CSP))],
});

router
  .get("/api/config", (_request, env) => readConfig(env))
  .post("/api/notes", createNote)
  .get("/api/notes/:id", noteStatus)
  .post("/api/notes/:id/open", openNote)
  .delete("/api/notes/:id", deleteNote)
  .get("/api/notes/:id/receipt", noteReceipt);

export default {
  fetch: (request, env, ctx) => router.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>;
