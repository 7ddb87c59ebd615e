/** The notepad routes of docs/API.md: status, open, save (create / new body / password change) and delete. */
import type { IRequest } from "itty-router";
import { toBase64Url } from "../crypto/base64url";
import { deleteBody, getBody, padBodyKey, putBody } from "./bodies";
import { type Config, readConfig } from "./config";
import { sha256 } from "./digest";
import { StatusError, retryLater } from "./errors";
import type { Locked, PadDenied, PadSave, PadSaveResult } from "./pad-object";
import { maxRequestBytes, readJsonObject, readProofHash } from "./request-body";
import * as valid from "./validate";

function padStub(env: Env, slug: string) {
  return env.PAD_OBJECT.get(env.PAD_OBJECT.idFromName(`pad:${slug}`));
}

function free(): StatusError {
  return new StatusError(404, "This address is free: there is no notepad here (or it was deleted or left idle too long).");
}

/** A wrong password answers 403; once the pad makes callers wait, every try inside the wait answers 429. */
function refused(result: PadDenied | Locked): StatusError {
  if (result.outcome === "locked") {
    return retryLater(429, result.retryAfter, `Too many wrong passwords for this notepad. Try again in ${result.retryAfter} s.`);
  }
  if (result.retryAfter === null) return new StatusError(403, "That password is wrong.");
  return new StatusError(403, { error: `That password is wrong. The next try is possible in ${result.retryAfter} s.`, retryAfter: result.retryAfter });
}

/** GET /api/pads/:slug — the public header and version, or 404 when the address is free. */
export async function padStatus(request: IRequest, env: Env) {
  const slug = valid.slug(request.params.slug);
  const status = await padStub(env, slug).status();
  if (!status) throw free();
  return { slug, ...status };
}

/** POST /api/pads/:slug/open — the wrapped key and current body for whoever proves the password. */
export async function openPad(request: IRequest, env: Env) {
  const slug = valid.slug(request.params.slug);
  const result = await padStub(env, slug).open(await readProofHash(request));
  if (result.outcome === "gone") throw free();
  if (result.outcome !== "granted") throw refused(result);
  // Reading a pad consumes nothing, so the body can be fetched after the grant.
  const body = await getBody(env.NOTES, result.bodyKey);
  if (!body) throw retryLater(503, 2, "This notepad's latest version is still on its way to this location. Try again in a moment.");
  return { wrappedKey: result.wrappedKey, body: toBase64Url(body), version: result.version };
}

/** PUT /api/pads/:slug — new body under a fresh immutable key, then compare-and-set; a loser's upload is deleted. */
export async function savePad(request: IRequest, env: Env) {
  const config = readConfig(env);
  const slug = valid.slug(request.params.slug);
  const input = await readJsonObject(request, maxRequestBytes(config.maxBodyBytes));
  const save = await parseSave(input, slug, config);
  const body = input.body === undefined ? null : await valid.ciphertextBody(input.body, config.maxBodyBytes);
  if (save.expectVersion === 0 && !body) throw new StatusError(400, "A new notepad needs a body.");
  if (body) {
    save.bodyKey = padBodyKey(slug, save.expectVersion + 1);
    await putBody(env.NOTES, save.bodyKey, body, save.idleSeconds);
  }
  let result: PadSaveResult;
  try {
    result = await padStub(env, slug).save(save);
  } catch (thrown) {
    if (save.bodyKey) await deleteBody(env.NOTES, save.bodyKey);
    throw thrown;
  }
  // A refused or losing upload is deleted at once, so KV never keeps a body no object points to.
  if (result.outcome !== "saved" && save.bodyKey) await deleteBody(env.NOTES, save.bodyKey);
  if (result.outcome === "gone") throw free();
  if (result.outcome === "conflict") {
    throw new StatusError(409, { error: "This notepad was changed elsewhere since you opened it. Nothing was overwritten.", version: result.version });
  }
  if (result.outcome !== "saved") throw refused(result);
  return { version: result.version };
}

/** DELETE /api/pads/:slug — deletes the pad for whoever proves the password. */
export async function deletePad(request: IRequest, env: Env) {
  const slug = valid.slug(request.params.slug);
  const result = await padStub(env, slug).remove(await readProofHash(request));
  if (result.outcome === "gone") throw free();
  if (result.outcome !== "destroyed") throw refused(result);
  return new Response(null, { status: 204 });
}

/** Checks a save request's fields: creating takes a verifier and no proof; saving takes the proof. */
async function parseSave(input: Record<string, unknown>, slug: string, config: Config): Promise<PadSave> {
  const expectVersion = valid.version(input.version);
  const header = valid.header(input.header, { kind: "pad", id: slug, views: null, ttl: null }, config);
  const wrappedKey = toBase64Url(valid.exactBytes(input.wrappedKey, valid.WRAPPED_KEY_BYTES, "wrappedKey"));
  const creating = expectVersion === 0;
  const rewrapOnly = input.body === undefined;
  if (creating && input.proof !== undefined) throw new StatusError(400, 'A new notepad takes no "proof".');
  if (!creating && input.proof === undefined) throw new StatusError(400, 'Saving a notepad needs the "proof" of its password.');
  if ((creating || rewrapOnly) && input.verifier === undefined) {
    throw new StatusError(400, 'Creating a notepad or changing its password needs a "verifier".');
  }
  const verifier = input.verifier === undefined ? null : valid.exactBytes(input.verifier, valid.DIGEST_BYTES, "verifier").slice().buffer;
  const proofHash = creating ? null : await sha256(valid.exactBytes(input.proof, valid.DIGEST_BYTES, "proof"));
  return { expectVersion, header, wrappedKey, verifier, proofHash, bodyKey: null, idleSeconds: config.padIdleDays * 86400 };
}
