/** The Worker's one route table, its storage calls guarded; policy lives in NoteObject and PadObject, bodies in KV. */
import { AutoRouter, type IRequest } from "itty-router";
import { publicConfig, readConfig } from "./config";
import { renderError, StatusError } from "./errors";
import { limitsFragment, noSuchFragment, receiptFragment } from "./fragments";
import { limit, notepadsEnabled, padLimit, readOnly, teamOnly } from "./gates";
import { secure } from "./headers";
import { healthz } from "./health";
import { createNote } from "./note-create";
import { finishNoteBody, openNote, readNoteBody } from "./note-open";
import { putPart } from "./note-upload";
import { deleteNote, noteReceipt, noteStatus } from "./notes";
import { savePad } from "./pad-save";
import { deletePad, openPad, padStatus } from "./pads";
import { favicon, manifest, noSuchPage, padPage, page } from "./pages";
import { answerRequest } from "./request-answer";
import { requestFragment } from "./request-fragment";
import { createRequest, requestAnswers, requestStatus, revokeRequest } from "./requests";
import { guardEnv } from "./storage-guard";
import { warnIfInsecure } from "./warnings";

/** Any other path under /api/. */
function noSuchApiRoute(): never {
  throw new StatusError(404, "There is no such API route.");
}

/**
 * The Worker's fetch handler. Every storage call its routes make runs under `deadlineMs` (STORAGE_DEADLINE_MS unless
 * given: the fault specs pass a short one) and answers 503 when storage fails or does not answer in time.
 */
export function handler(deadlineMs?: number) {
  const router = AutoRouter<IRequest, [env: Env, ctx: ExecutionContext]>({
    before: [warnIfInsecure],
    // Handler errors are rendered by `catch` before the finally stage, so a 500 leaves through `secure` like any answer.
    catch: renderError,
    finally: [secure],
  });
  router
    .get("/api/config", (_request, env) => publicConfig(readConfig(env)))
    .post("/api/notes", limit("create"), teamOnly, createNote)
    .put("/api/notes/:id/parts/:n", limit("create"), putPart)
    .get("/api/notes/:id", limit("read"), noteStatus)
    .post("/api/notes/:id/open", limit("read"), openNote)
    .get("/api/notes/:id/body", limit("read"), readNoteBody)
    .delete("/api/notes/:id/body", limit("read"), finishNoteBody)
    .delete("/api/notes/:id", limit("read"), deleteNote)
    .get("/api/notes/:id/receipt", limit("read"), noteReceipt)
    .all("/api/pads/*", notepadsEnabled)
    .get("/api/pads/:slug", limit("read"), padStatus)
    .post("/api/pads/:slug/open", padLimit("read"), openPad)
    .put("/api/pads/:slug", padLimit("padWrite"), teamOnly, savePad)
    .delete("/api/pads/:slug", padLimit("read"), deletePad)
    // Answering is not behind the Access gate: the answerer is whoever the asker sent the request link to.
    .post("/api/requests", limit("create"), teamOnly, createRequest)
    .get("/api/requests/:id", limit("read"), requestStatus)
    .post("/api/requests/:id/answers", limit("create"), answerRequest)
    .get("/api/requests/:id/answers", limit("read"), requestAnswers)
    .delete("/api/requests/:id", limit("read"), revokeRequest)
    .all("/api/*", noSuchApiRoute)
    // Everything below answers GET and HEAD alone (HEAD gets the same answer without a body).
    .all("*", readOnly)
    // It touches storage (a KV read, a Durable Object request), so it spends the same allowance as any other read.
    .all("/healthz", limit("read"), healthz)
    .all("/", page("/"))
    .all("/n/:id", page("/n/:id"))
    .all("/m/:id", page("/m/:id"))
    .all("/request", page("/request"))
    .all("/q/:id", page("/q/:id"))
    .all("/r/:id", page("/r/:id"))
    .all("/p/:slug", padPage)
    .all("/fragments/limits", limitsFragment)
    .all("/fragments/receipt/:id", receiptFragment)
    .all("/fragments/request/:id", requestFragment)
    .all("/fragments/*", noSuchFragment)
    .all("/.well-known/hushnote.json", manifest)
    .all("/favicon.svg", favicon)
    .all("*", noSuchPage);
  return {
    fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
      return router.fetch(request, guardEnv(env, deadlineMs), ctx);
    },
  };
}
