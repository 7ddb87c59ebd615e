/** The routes of docs/API.md on a notepad: status, open and delete (save: pad-save.ts), and what they share. */
import type { IRequest } from "itty-router";
import { bodyResponse, openParts } from "./body-stream";
import { deviceCredential, presentedDevice } from "./device-credential";
import { retryLater, StatusError } from "./errors";
import type { Locked, Mismatch, PadAuth, PadDenied } from "./pad-object";
import { admitDeferred, clientKeys } from "./rate-limit";
import { proofHashOf, readSmallJson } from "./request-body";
import * as valid from "./validate";

/** The Durable Object that holds notepad `slug`. */
export function padStub(env: Env, slug: string) {
  return env.PAD_OBJECT.get(env.PAD_OBJECT.idFromName(`pad:${slug}`));
}

/** The one answer for a free address, never created or since deleted or idle too long. */
export function free(): StatusError {
  return new StatusError(
    404,
    "This address is free: there is no notepad here (or it was deleted or left idle too long).",
  );
}

/** A wrong password answers 403; while the caller must wait, every try answers 429. */
export function refused(result: PadDenied | Locked | Mismatch): StatusError {
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

/**
 * Who is asking: the proof's digest, the device credential's token digest (if any), and the client's network keys.
 * Every pad route that takes a proof comes through here, so a request let through over its rate limit is decided here.
 */
export async function padAuth(
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
export async function withDevice<T extends object>(
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

/**
 * POST /api/pads/:slug/open — for whoever proves the password (checked first): the body as octet-stream, streamed from
 * KV, with the wrapped key, version, size and any new device credential in the `Hushnote-Open` header.
 */
export async function openPad(request: IRequest, env: Env) {
  const slug = valid.slug(request.params.slug);
  const result = await padStub(env, slug).open(await readPadAuth(request, env, slug));
  if (result.outcome === "gone") throw free();
  if (result.outcome !== "granted") throw refused(result);
  // Reading a pad consumes nothing, so the body is looked up after the grant.
  const parts = [{ key: result.bodyKey, size: result.size }];
  const opened = await openParts(env.NOTES, parts);
  if (!opened)
    throw retryLater(
      503,
      2,
      "This notepad's latest version is still on its way to this location. Try again in a moment.",
    );
  const { wrappedKey, version, size } = result;
  const meta = await withDevice({ wrappedKey, version, size }, result.device, slug, env);
  // Pads saved before sizes were recorded stream without a length.
  return bodyResponse(env.NOTES, parts, null, opened, { "Hushnote-Open": JSON.stringify(meta) });
}

/** DELETE /api/pads/:slug — deletes the pad for whoever proves the password. */
export async function deletePad(request: IRequest, env: Env) {
  const slug = valid.slug(request.params.slug);
  const result = await padStub(env, slug).remove(await readPadAuth(request, env, slug));
  if (result.outcome === "gone") throw free();
  if (result.outcome !== "destroyed") throw refused(result);
  return new Response(null, { status: 204 });
}
