/** PUT /api/pads/:slug: create or save a notepad (new body and/or new keys), checked before KV is written. */
import type { IRequest } from "itty-router";
import { toBase64Url } from "../crypto/base64url";
import { deleteBody, padBodyKey, putBody, releaseUpload } from "./bodies";
import { type Config, readConfig } from "./config";
import { retryLater, StatusError } from "./errors";
import type { PadSave, PadSaveCheck, PadSaveResult } from "./pad-object";
import { free, padAuth, padStub, refused, withDevice } from "./pads";
import { maxRequestBytes, proofHashOf, readJsonObject } from "./request-body";
import * as valid from "./validate";

/** Any refusal of a save, in the order the object found it. */
function saveRefused(result: Exclude<PadSaveCheck | PadSaveResult, { outcome: "ready" | "saved" }>): StatusError {
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
 * PUT /api/pads/:slug — the object checks the proof, version and keys before anything is written to KV; then the new
 * body goes under a fresh immutable key and the compare-and-set (which re-checks) decides; a loser's upload is deleted.
 */
export async function savePad(request: IRequest, env: Env) {
  const config = readConfig(env);
  const slug = valid.slug(request.params.slug);
  const input = await readJsonObject(request, maxRequestBytes(config.maxBodyBytes));
  const save = await parseSave(input, slug, config, request, env);
  const body = input.body === undefined ? null : await valid.ciphertextBody(input.body, config.maxBodyBytes);
  const stub = padStub(env, slug);
  const check = await stub.authorizeSave(save);
  if (check.outcome !== "ready") throw saveRefused(check);
  if (body) {
    save.bodyKey = padBodyKey(slug, save.expectVersion + 1);
    await putBody(env.NOTES, save.bodyKey, body, save.idleSeconds).catch(() => {
      throw retryLater(503, 5, "The notepad could not be stored just now. Nothing was changed; please try again.");
    });
  }
  let result: PadSaveResult;
  try {
    result = await stub.save(save);
  } catch (thrown) {
    result = await savedAnyway(env, stub, save, thrown);
  }
  if (result.outcome === "saved") return withDevice({ version: result.version }, result.device, slug, env);
  // A refused or losing upload is deleted at once, so KV never keeps a body no object points to.
  if (save.bodyKey) await deleteBody(env.NOTES, save.bodyKey);
  throw saveRefused(result);
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

/**
 * Checks a save request's fields. Creating takes header, wrappedKey, verifier and body, and no proof. Saving takes the
 * proof and a body and/or new keys: new `header` and `wrappedKey` always come with a new `verifier` (re-wrap or re-key);
 * a body-only save may omit them or repeat the stored ones.
 */
async function parseSave(
  input: Record<string, unknown>,
  slug: string,
  config: Config,
  request: Request,
  env: Env,
): Promise<PadSave> {
  const expectVersion = valid.version(input.version);
  const creating = expectVersion === 0;
  const keys = input.header !== undefined || input.wrappedKey !== undefined;
  if (keys && (input.header === undefined || input.wrappedKey === undefined))
    bad('"header" and "wrappedKey" come together.');
  const header = keys
    ? await valid.header(input.header, { kind: "pad", id: slug, views: null, ttl: null }, config)
    : null;
  const wrappedKey = header && toBase64Url(valid.wrappedKey(input.wrappedKey, header.decoded));
  if (creating && input.proof !== undefined) bad('A new notepad takes no "proof".');
  if (!creating && input.proof === undefined) bad('Saving a notepad needs the "proof" of its password.');
  if (creating && (!header || input.verifier === undefined || input.body === undefined)) {
    bad('Creating a notepad needs "header", "wrappedKey", "verifier" and "body".');
  }
  if (input.verifier !== undefined && !header)
    bad('A new "verifier" comes with the new "header" and "wrappedKey" it belongs to.');
  if (input.body === undefined && input.verifier === undefined) {
    bad('A save needs a "body", or a new "verifier" with a new "header" and "wrappedKey" (a password change).');
  }
  const verifier =
    input.verifier === undefined
      ? null
      : valid.exactBytes(input.verifier, valid.DIGEST_BYTES, "verifier").slice().buffer;
  const proofHash = creating ? null : await proofHashOf(input);
  return {
    ...(await padAuth(request, env, slug, input, proofHash)),
    expectVersion,
    header: header?.text ?? null,
    wrappedKey,
    verifier,
    bodyKey: null,
    idleSeconds: config.padIdleDays * 86400,
  };
}

function bad(message: string): never {
  throw new StatusError(400, message);
}
