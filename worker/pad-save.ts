/** PUT /api/pads/:slug: create or save a notepad (new body and/or new keys), checked before KV is written. */
import type { IRequest } from "itty-router";
import type { FormatVersion } from "../crypto/constants";
import { decodeHeader } from "../crypto/header";
import { bodyLengthProblem } from "../crypto/parts";
import { deleteBody, padBodyKey, releaseUpload } from "./bodies";
import { putFromRequest } from "./body-upload";
import { readConfig } from "./config";
import { retryLater, StatusError } from "./errors";
import type { PadSave, PadSaveCheck, PadSaveResult } from "./pad-object";
import { readSave } from "./pad-save-input";
import { free, padStub, refused, withDevice } from "./pads";
import * as valid from "./validate";

/** Any refusal of a save, in the order the object found it. */
function saveRefused(
  result: Exclude<PadSaveCheck | PadSaveResult, { outcome: "ready" | "saved" | "saved-before" }>,
): StatusError {
  if (result.outcome === "gone") return free();
  if (result.outcome === "conflict") {
    return new StatusError(409, {
      error: "This notepad was changed elsewhere since you opened it. Nothing was overwritten.",
      version: result.version,
    });
  }
  return refused(result);
}

/**
 * PUT /api/pads/:slug — the object checks the proof, version and keys before any body byte is read; then the body
 * streams into KV under a fresh immutable key and the compare-and-set (which re-checks) decides; a loser's upload is
 * deleted. A retry of the pad's last save (same `saveId`) hears the version that save made, and stores nothing.
 */
export async function savePad(request: IRequest, env: Env) {
  const config = readConfig(env);
  const slug = valid.slug(request.params.slug);
  const { save, size, format } = await readSave(request, env, slug, config);
  const stub = padStub(env, slug);
  const check = await stub.authorizeSave(save);
  // The body is left unread: the first attempt stored it.
  if (check.outcome === "saved-before") return { version: check.version };
  if (check.outcome !== "ready") throw saveRefused(check);
  // A body-only save is sealed in the stored header's format; creates and re-keys bring their own header.
  if (size !== null) await storeBody(request, env, slug, save, size, format ?? decodeHeader(check.header!).v);
  let result: PadSaveResult;
  try {
    result = await stub.save(save);
  } catch (thrown) {
    result = await savedAnyway(env, stub, save, thrown);
  }
  if (result.outcome === "saved") return withDevice({ version: result.version }, result.device, slug, env);
  // A refused or losing upload, or a racing duplicate's, is deleted at once: KV never keeps a body no object names.
  if (save.bodyKey) await deleteBody(env.NOTES, save.bodyKey);
  if (result.outcome === "saved-before") return { version: result.version };
  throw saveRefused(result);
}

/**
 * Streams the body into KV (its first 16 KiB checked for plaintext before anything is written) and names it in `save`.
 * A length no writer of format `v` produces is refused first: it would replace a readable version with a broken one.
 */
async function storeBody(request: Request, env: Env, slug: string, save: PadSave, size: number, v: FormatVersion) {
  const problem = bodyLengthProblem(size, v);
  if (problem) throw new StatusError(400, `The body is not a sealed format v${v} body: ${problem}.`);
  const key = padBodyKey(slug, save.expectVersion + 1);
  await putFromRequest(env.NOTES, key, request, size, save.idleSeconds, true);
  save.bodyKey = key;
  save.bodySize = size;
}

/**
 * A save whose call threw may still have committed (the object failed or was reset after its transaction). If the pad
 * names this save's fresh body, the save went through as version + 1 (the device it may have issued is lost with the
 * reply); if not, the upload is deleted and the error stands; if the pad cannot be asked, the body stays (deleting a
 * body the pad names would brick it, its old one already condemned) and the caller hears 503.
 */
async function savedAnyway(
  env: Env,
  stub: ReturnType<typeof padStub>,
  save: PadSave,
  thrown: unknown,
): Promise<PadSaveResult> {
  // A new password without a new body uploaded nothing; the caller reopens to see whether it took.
  if (!save.bodyKey) throw thrown;
  const fate = await releaseUpload(env.NOTES, stub, save.bodyKey);
  if (fate === "named") return { outcome: "saved", version: save.expectVersion + 1, device: null };
  if (fate === "deleted") throw thrown;
  throw retryLater(
    503,
    5,
    "The server could not confirm whether this save went through. Open the notepad again to see before saving again.",
  );
}
