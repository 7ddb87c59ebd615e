/** Bodies as bytes: application/octet-stream uploads of a known length with progress, and answers read as streams. */
import { answer, type Hooks, malformed, refusal, send, unshared } from "./http";
import { xhrSend } from "./xhr";

/** One byte upload: the bytes (their length is the Content-Length), extra headers, progress and cancellation. */
export interface ByteUpload extends Pick<Hooks, "onUpload" | "signal"> {
  method: "PUT" | "POST";
  bytes: Uint8Array;
  headers?: Record<string, string>;
}

// 256 KiB steps: fine-grained enough for a progress line, coarse enough not to slow the upload.
const CHUNK = 256 * 1024;

/** Sends `bytes` to `base` + `path` as application/octet-stream; answers the server's JSON (or throws its refusal). */
export async function sendBytes<T>(base: string, path: string, upload: ByteUpload): Promise<T> {
  const { method, bytes, onUpload, signal } = upload;
  const url = `${base}${path}`;
  const headers: Record<string, string> = {
    Accept: "application/json",
    "Content-Type": "application/octet-stream",
    ...upload.headers,
  };
  // fetch cannot report upload progress in browsers (request streams need HTTP/2 and are Chromium-only);
  // XMLHttpRequest's upload events can, over any protocol. Node has no XMLHttpRequest and streams instead.
  if (onUpload && typeof XMLHttpRequest === "function") {
    return answer<T>(await xhrSend(url, { method, headers, bytes, onUpload, signal }), { signal });
  }
  const init: RequestInit & { duplex?: "half" } = { method, headers, body: unshared(bytes) };
  if (onUpload) {
    // A stream body would otherwise go chunked: the server needs the length before the first byte.
    headers["Content-Length"] = String(bytes.length);
    init.body = streamed(bytes, onUpload);
    init.duplex = "half";
  }
  return answer<T>(await send(url, init, signal), { signal });
}

/** Sends a request whose success answer is a body of bytes: the answer when it is 2xx, else the refusal as ApiError. */
export async function fetchBody(
  base: string,
  path: string,
  init: RequestInit,
  signal?: AbortSignal,
): Promise<Response> {
  const response = await send(`${base}${path}`, init, signal);
  if (!response.ok) throw await refusal(response, signal);
  return response;
}

/** The body of a 2xx answer, or an empty stream for an answer without one. */
export const bodyOf = (response: Response): ReadableStream<Uint8Array> =>
  response.body ?? new ReadableStream({ start: (controller) => controller.close() });

/**
 * Refuses an answer to `Range: bytes=<from>-` that is not that range (a 200 with the whole body, a 206 starting
 * elsewhere), cancelling its body: the bytes before `from` were already handed on and cannot be taken back.
 */
export async function expectRange(response: Response, from: number): Promise<void> {
  const start = /^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(response.headers.get("Content-Range") ?? "")?.[1];
  const asked = `asked for the body from byte ${from}`;
  const problem =
    response.status !== 206
      ? `${asked}, it answered ${response.status} instead of 206`
      : Number(start) !== from
        ? `${asked}, its Content-Range does not start there`
        : null;
  if (!problem) return;
  await response.body?.cancel().catch(() => undefined);
  throw malformed(problem);
}

/** The body as a stream pulled in chunks, so `onUpload` hears each one as the network takes it. */
function streamed(bytes: Uint8Array, onUpload: NonNullable<Hooks["onUpload"]>): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(bytes.subarray(offset, offset + CHUNK));
        offset = Math.min(bytes.length, offset + CHUNK);
        onUpload(offset, bytes.length);
      },
    },
    { highWaterMark: 0 },
  );
}
