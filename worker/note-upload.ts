/** PUT /api/notes/:id/parts/:n: a note's body arrives in parts after create, each its own retryable request. */
import type { IRequest } from "itty-router";
import { MAX_PART_SIZE } from "../crypto/parts";
import { noteBodyKey, releaseUpload } from "./bodies";
import { putFromRequest, uploadLength } from "./body-upload";
import { retryLater, StatusError } from "./errors";
import type { OutOfRange, Progress } from "./note-object";
import { bearerHash, gone, noteStub, refused } from "./notes";
import * as valid from "./validate";

/**
 * PUT /api/notes/:id/parts/:n — the object checks the manage token and that part n is wanted before a byte is read;
 * the bytes then stream into KV under a fresh key (part 0's start sampled by the plaintext guard first), and the object
 * records the part. A part already stored answers as stored without reading the body, so a retry is always safe.
 */
export async function putPart(request: IRequest, env: Env) {
  const id = valid.noteId(request.params.id);
  const n = valid.partNumber(request.params.n);
  const manageHash = await bearerHash(request);
  if (!manageHash) throw new StatusError(403, "Uploading a part needs the manage token as Authorization: Bearer.");
  const length = uploadLength(request, MAX_PART_SIZE);
  const stub = noteStub(env, id);
  const wanted = await stub.beginPart(n, manageHash);
  if (wanted.outcome !== "upload") return answer(wanted);
  if (length > wanted.size) throw new StatusError(413, `Part ${n} is ${wanted.size} bytes, not ${length}.`);
  if (length < wanted.size) throw new StatusError(400, `Part ${n} is ${wanted.size} bytes, not ${length}.`);
  const key = noteBodyKey(id);
  await putFromRequest(env.NOTES, key, request, wanted.size, wanted.ttlSeconds, n === 0);
  try {
    return answer(await stub.storePart(n, key, manageHash));
  } catch (thrown) {
    return answer(await storedAnyway(env, stub, n, key, manageHash, thrown));
  }
}

type Answer = Awaited<ReturnType<ReturnType<typeof noteStub>["storePart"]>>;

/** The JSON answer for a stored part, or the refusal. */
function answer(result: Answer) {
  if (result.outcome === "gone") throw gone();
  if (result.outcome === "denied") throw refused(result);
  if (result.outcome === "out-of-range") throw outOfRange(result);
  const { part, partsStored, parts, complete }: Progress = result;
  return { part, partsStored, parts, complete };
}

function outOfRange({ parts }: OutOfRange): StatusError {
  return new StatusError(409, `This note's body has ${parts} part${parts === 1 ? "" : "s"}, numbered from 0.`);
}

/**
 * A storePart whose call threw may have committed: if the object names this upload the part is stored and the upload
 * stands (its progress is asked again); if not, it is deleted and the error stands; if the object cannot be asked, the
 * bytes stay for KV's expirationTtl and the caller hears 503 (a retry of the part is safe).
 */
async function storedAnyway(
  env: Env,
  stub: ReturnType<typeof noteStub>,
  n: number,
  key: string,
  manageHash: ArrayBuffer,
  thrown: unknown,
): Promise<Answer> {
  const fate = await releaseUpload(env.NOTES, stub, key);
  if (fate === "deleted") throw thrown;
  const progress = fate === "named" ? await stub.beginPart(n, manageHash).catch(() => null) : null;
  if (progress && progress.outcome !== "upload") return progress;
  throw retryLater(503, 5, "The server could not confirm that the part was stored. Please send it again.");
}
