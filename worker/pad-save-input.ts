/**
 * What a PUT /api/pads/:slug asks for. A save with a body is the body as application/octet-stream with its fields in
 * the `Hushnote-Save` header; a password change without one is JSON. Both are checked here before any object is asked.
 */
import { toBase64Url } from "../crypto/base64url";
import type { FormatVersion } from "../crypto/constants";
import { uploadLength } from "./body-upload";
import type { Config } from "./config";
import { StatusError } from "./errors";
import type { PadSave } from "./pad-object";
import { padAuth } from "./pads";
import { proofHashOf, readSmallJson } from "./request-body";
import * as valid from "./validate";

/** The `Hushnote-Save` header holds keys, proofs and a device credential: well under this. */
const MAX_SAVE_HEADER = 8 * 1024;
/** A save's id: random bytes the client draws per save, so that a retry can find its first attempt done. */
const SAVE_ID_BYTES = 16;

/** A save's fields, the length of the body that follows (null: no body), and the new header's format, if any. */
export interface SaveRequest {
  save: PadSave;
  size: number | null;
  format: FormatVersion | null;
}

/**
 * Reads and checks a save: the body's type and announced length (415, 411, 413 above the pad limit) and every field,
 * reading no body byte. A pad body is one KV part: at most `maxPadBytes` of payload plus room for its manifest.
 */
export async function readSave(request: Request, env: Env, slug: string, config: Config): Promise<SaveRequest> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json") {
    const input = await readSmallJson(request);
    if (input.body !== undefined) {
      bad(
        "A notepad body is sent as application/octet-stream with its fields in the Hushnote-Save header, not in JSON.",
      );
    }
    return { ...(await parseSave(input, false, slug, config, request, env)), size: null };
  }
  // Checked before any field, so before the format is known: the limit is v2's, whose head is the larger.
  const size = uploadLength(request, valid.ciphertextLimit(config.maxPadBytes, 2));
  return { ...(await parseSave(saveHeader(request), true, slug, config, request, env)), size };
}

/** The `Hushnote-Save` header: one JSON object in printable ASCII, at most MAX_SAVE_HEADER characters. */
function saveHeader(request: Request): Record<string, unknown> {
  const text = request.headers.get("Hushnote-Save");
  if (text === null) bad("A notepad body needs its fields (version, proof, …) as JSON in the Hushnote-Save header.");
  if (text.length > MAX_SAVE_HEADER) bad(`The Hushnote-Save header is longer than ${MAX_SAVE_HEADER} characters.`);
  if (!/^[\x20-\x7e]*$/.test(text)) bad("The Hushnote-Save header must be printable ASCII (JSON escapes the rest).");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    bad("The Hushnote-Save header is not valid JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    bad("The Hushnote-Save header must be a JSON object.");
  return parsed as Record<string, unknown>;
}

/**
 * Checks a save's fields. Creating takes header, wrappedKey, verifier and a body, and no proof. Saving takes the proof
 * and a body and/or new keys: new `header` and `wrappedKey` always come with a new `verifier` (re-wrap or re-key);
 * a body-only save may omit them or repeat the stored ones. Any save may name itself with a `saveId` for its retries.
 */
async function parseSave(
  input: Record<string, unknown>,
  hasBody: boolean,
  slug: string,
  config: Config,
  request: Request,
  env: Env,
): Promise<Omit<SaveRequest, "size">> {
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
  if (creating && (!header || input.verifier === undefined || !hasBody)) {
    bad('Creating a notepad needs "header", "wrappedKey", "verifier" and a body.');
  }
  if (input.verifier !== undefined && !header)
    bad('A new "verifier" comes with the new "header" and "wrappedKey" it belongs to.');
  if (!hasBody && input.verifier === undefined) {
    bad('A save needs a body, or a new "verifier" with a new "header" and "wrappedKey" (a password change).');
  }
  const verifier =
    input.verifier === undefined
      ? null
      : valid.exactBytes(input.verifier, valid.DIGEST_BYTES, "verifier").slice().buffer;
  const saveId =
    input.saveId === undefined ? null : valid.exactBytes(input.saveId, SAVE_ID_BYTES, "saveId").slice().buffer;
  const proofHash = creating ? null : await proofHashOf(input);
  const save: PadSave = {
    ...(await padAuth(request, env, slug, input, proofHash)),
    expectVersion,
    header: header?.text ?? null,
    wrappedKey,
    verifier,
    saveId,
    bodyKey: null,
    bodySize: null,
    idleSeconds: config.padIdleDays * 86400,
  };
  return { save, format: header?.decoded.v ?? null };
}

function bad(message: string): never {
  throw new StatusError(400, message);
}
