/** The notepad routes of docs/API.md: status, open, save (create / new body / new keys) and delete. */
import type { IRequest } from "itty-router";
import { toBase64Url } from "../crypto/base64url";
import { deleteBody, getBody, padBodyKey, putBody, releaseUpload } from "./bodies";
import { type Config, readConfig } from "./config";
import { deviceCredential, presentedDevice } from "./device-credential";
import { retryLater, StatusError } from "./errors";
import type { Locked, Mismatch, PadAuth, PadDenied, PadSave, PadSaveCheck, PadSaveResult } from "./pad-object";
import { admitDeferred, clientKeys } from "./rate-limit";
import { maxRequestBytes, proofHashOf, readJsonObject, readSmallJson } from "./request-body";
import * as valid from "./validate";

function padStub(env: Env, slug: string) {
  return env.PAD_OBJECT.get(env.PAD_OBJECT.idFromName(`pad:${slug}`));
}

function free(): StatusError {
  return new StatusError(
    404,
    "This address is free: there is no notepad here (or it was deleted or left idle too long).",
  );
}

/** A wrong password answers 403; while the caller must wait, every try answers 429. */
function refused(result: PadDenied | Locked | Mismatch): StatusError {
  if (result.outcome === "mismatch") {
    return new StatusError(
      400,
      'A save that replaces "header" or "wrappedKey" needs the new "verifier" too; without it nobody could open the notepad again.',
    );
  }
  if (result.outcome === "locked") {
    return retryLater(
      429,
      result.retryAfter,
      `Too many wrong passwords for this notepad. Try again in ${result.retryAfter} s.`,
    );
  }
  if (result.retryAfter === null) return new StatusError(403, "That password is wrong.");
  return new StatusError(403, {
    error: `That password is wrong. The next try is possible in ${result.retryAfter} s.`,
    retryAfter: result.retryAfter,
  });
}

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
 * Who is asking: the proof's digest, the device credential's token digest (if any), and the client's network keys.
 * Every pad route that takes a proof comes through here, so a request let through over its rate limit is decided here.
 */
async function padAuth(
  request: Request,
  env: Env,
  slug: string,
  input: Record<string, unknown>,
  proofHash: ArrayBuffer | null,
): Promise<PadAuth> {
  const device = await presentedDevice(input.device, slug, env);
  await admitDeferred(request, env, slug, device);
  return { proofHash, deviceHash: device?.hash ?? null, clients: await clientKeys(request, env) };
}

/** The `{proof, device?}` of an open or delete. */
async function readPadAuth(request: Request, env: Env, slug: string): Promise<PadAuth> {
  const input = await readSmallJson(request);
  return padAuth(request, env, slug, input, await proofHashOf(input));
}

/** Adds the new device credential to an answer when the pad handed out a token (returned this once). */
async function withDevice<T extends object>(
  answer: T,
  token: Uint8Array | null,
  slug: string,
  env: Env,
): Promise<T | (T & { device: string })> {
  return token ? { ...answer, device: await deviceCredential(token, slug, env) } : answer;
}

/** GET /api/pads/:slug — the public header and version, or 404 when the address is free. */
export async function padStatus(request: IRequest, env: Env) {
  const slug = valid.slug(request.params.slug);
  const status = await padStub(env, slug).status();
  if (!status) throw free();
  return { slug, ...status };
}

/** POST /api/pads/:slug/open — the wrapped key and current body for whoever proves the password (checked first). */
export async function openPad(request: IRequest, env: Env) {
  const slug = valid.slug(request.params.slug);
  const result = await padStub(env, slug).open(await readPadAuth(request, env, slug));
  if (result.outcome === "gone") throw free();
  if (result.outcome !== "granted") throw refused(result);
  // Reading a pad consumes nothing, so the body can be fetched after the grant.
  const body = await getBody(env.NOTES, result.bodyKey);
  if (!body)
    throw retryLater(
      503,
      2,
      "This notepad's latest version is still on its way to this location. Try again in a moment.",
    );
  return withDevice(
    { wrappedKey: result.wrappedKey, body: toBase64Url(body), version: result.version },
    result.device,
    slug,
    env,
  );
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

/** DELETE /api/pads/:slug — deletes the pad for whoever proves the password. */
export async function deletePad(request: IRequest, env: Env) {
  const slug = valid.slug(request.params.slug);
  const result = await padStub(env, slug).remove(await readPadAuth(request, env, slug));
  if (result.outcome === "gone") throw free();
  if (result.outcome !== "destroyed") throw refused(result);
  return new Response(null, { status: 204 });
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
