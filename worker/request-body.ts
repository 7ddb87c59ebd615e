/** Reads a JSON request body under a byte limit enforced before and while reading, never after buffering it all. */
import { sha256 } from "./digest";
import { StatusError } from "./errors";
import { DIGEST_BYTES, exactBytes } from "./validate";

/** Parses the request's JSON object body, refusing other content types (415), oversize (413) and bad JSON (400). */
async function readJsonObject(request: Request, maxBytes: number): Promise<Record<string, unknown>> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    throw new StatusError(415, "Send the request body as JSON with Content-Type: application/json.");
  }
  const declared = request.headers.get("Content-Length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.decode(await readCapped(request, maxBytes)));
  } catch (thrown) {
    if (thrown instanceof StatusError) throw thrown;
    throw new StatusError(400, "The request body is not valid UTF-8 JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new StatusError(400, "The request body must be a JSON object.");
  }
  return parsed as Record<string, unknown>;
}

async function readCapped(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(maxBytes: number): StatusError {
  return new StatusError(413, `The request is larger than this instance accepts (${maxBytes} bytes).`);
}

/** Every JSON request is small: metadata, proofs and credentials (bodies travel as bytes, never in JSON). */
const JSON_LIMIT = 16 * 1024;

/** A JSON request body: metadata, proofs and credentials. */
export function readSmallJson(request: Request): Promise<Record<string, unknown>> {
  return readJsonObject(request, JSON_LIMIT);
}

/** The SHA-256 of the body's `proof`, ready to compare with a stored verifier (400 when missing or malformed). */
export function proofHashOf(input: Record<string, unknown>): Promise<ArrayBuffer> {
  return sha256(exactBytes(input.proof, DIGEST_BYTES, "proof"));
}

/** The SHA-256 digests of `{proof, linkProof?}` (linkProof: v2 notes with a link key) from a JSON body already read. */
export async function proofHashesOf(
  input: Record<string, unknown>,
): Promise<{ proofHash: ArrayBuffer; linkProofHash: ArrayBuffer | null }> {
  const proofHash = await proofHashOf(input);
  const link = input.linkProof;
  const linkProofHash =
    link === undefined || link === null ? null : await sha256(exactBytes(link, DIGEST_BYTES, "linkProof"));
  return { proofHash, linkProofHash };
}
