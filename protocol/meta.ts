/**
 * The `Hushnote-Open` header that travels beside a body: checked for shape before anything in it is used, since a
 * hostile server writes it (a wrong type would otherwise surface deep in the crypto or the progress bar).
 */
import { malformed } from "./http";
import type { NoteOpenMeta, PadOpenMeta } from "./wire";

// Generous bounds for base64url keys and tokens: a wrapped key is 60 characters today, a grant 43.
const TOKEN = /^[A-Za-z0-9_-]{1,1024}$/;
// A header longer than this is not one hushnote writes.
const MAX_HEADER = 8 * 1024;

/** The `Hushnote-Open` of a note's open, checked. */
export function noteOpenMeta(response: Response): NoteOpenMeta {
  const meta = headerObject(response);
  return {
    wrappedKey: token(meta, "wrappedKey"),
    viewsLeft: count(meta, "viewsLeft", true),
    size: count(meta, "size", true),
    grant: token(meta, "grant"),
    grantExpiresAt: count(meta, "grantExpiresAt", false)!,
  };
}

/** The `Hushnote-Open` of a notepad's open, checked. */
export function padOpenMeta(response: Response): PadOpenMeta {
  const meta = headerObject(response);
  const checked: PadOpenMeta = {
    wrappedKey: token(meta, "wrappedKey"),
    version: count(meta, "version", false)!,
    size: count(meta, "size", true),
  };
  if (meta.device !== undefined) checked.device = token(meta, "device");
  return checked;
}

/** Checks an answer's metadata header with `parse`; a malformed one cancels the body before the error goes up. */
export function checked<M>(response: Response, parse: (response: Response) => M): M {
  try {
    return parse(response);
  } catch (error) {
    void response.body?.cancel().catch(() => undefined);
    throw error;
  }
}

function headerObject(response: Response): Record<string, unknown> {
  const text = response.headers.get("Hushnote-Open");
  if (text === null) throw malformed("the Hushnote-Open header is missing");
  if (text.length > MAX_HEADER) throw malformed("the Hushnote-Open header is too long");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw malformed("the Hushnote-Open header is not JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw malformed("the Hushnote-Open header is not a JSON object");
  return parsed as Record<string, unknown>;
}

function token(meta: Record<string, unknown>, name: string): string {
  const value = meta[name];
  if (typeof value !== "string" || !TOKEN.test(value)) throw malformed(`"${name}" in Hushnote-Open is not base64url`);
  return value;
}

/** A non-negative safe integer, or null where `nullable`. */
function count(meta: Record<string, unknown>, name: string, nullable: boolean): number | null {
  const value = meta[name];
  if (value === null && nullable) return null;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0)
    throw malformed(`"${name}" in Hushnote-Open is not a ${nullable ? "count or null" : "count"}`);
  return value;
}
