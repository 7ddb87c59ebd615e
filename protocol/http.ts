/** JSON over fetch against one hushnote server: the one request path the pages and the CLI share. */

/**
 * A failed call: a non-2xx answer, or status 0 when no answer came at all (then `cause` is the network error).
 * `body` is the rest of the server's JSON (e.g. triesLeft, version); `retryAfter` is its Retry-After in seconds.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: Record<string, unknown> = {},
    readonly retryAfter: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ApiError";
  }
}

/** Byte counts as a transfer goes; `total` is 0 when the server did not say (a chunked answer). */
export type ProgressHook = (done: number, total: number) => void;

/** Optional observers of one call; none of them changes what is sent. */
export interface Hooks {
  /** Request bytes as they go out. Streams the body, which browsers allow only over HTTP/2: the pages leave it out. */
  onUpload?: ProgressHook;
  /** Answer bytes as they arrive. */
  onDownload?: ProgressHook;
  /** Told before each wait on a 503 (a body still on its way to this server location); nothing was consumed. */
  onWait?: (seconds: number) => void;
}

/** One request: method (GET by default), a JSON body, extra headers, progress hooks. */
export interface RequestOptions extends Pick<Hooks, "onUpload" | "onDownload"> {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  body?: unknown;
  headers?: Record<string, string>;
}

/** The base URL pages pass: paths then resolve against the page's own origin. */
export const SAME_ORIGIN = "";

const UNREACHABLE = "The server could not be reached. Check your connection and try again.";
// 256 KiB steps: fine-grained enough for a progress line, coarse enough not to slow the upload.
const CHUNK = 256 * 1024;

/** Sends one request to `base` + `path` (base: an origin with an optional path prefix, or SAME_ORIGIN). */
export async function request<T>(base: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...opts.headers };
  const init: RequestInit & { duplex?: "half" } = { method: opts.method ?? "GET", headers, cache: "no-store" };
  if (opts.body !== undefined) {
    const bytes = new TextEncoder().encode(JSON.stringify(opts.body));
    headers["Content-Type"] = "application/json";
    if (opts.onUpload) {
      // Node's fetch would otherwise send a stream chunked; browsers ignore this header (they only stream on HTTP/2).
      headers["Content-Length"] = String(bytes.length);
      init.body = streamed(bytes, opts.onUpload);
      init.duplex = "half";
    } else {
      init.body = bytes;
    }
  }
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${base}${path}`, init);
    text = await readText(response, opts.onDownload);
  } catch (error) {
    throw new ApiError(0, UNREACHABLE, {}, null, { cause: error });
  }
  let json: Record<string, unknown> = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (parsed && typeof parsed === "object") json = parsed as Record<string, unknown>;
  } catch {
    // A proxy's HTML error page: keep the status, ignore the body.
  }
  if (!response.ok) {
    const retry = Number(response.headers.get("Retry-After"));
    const message = typeof json.error === "string" ? json.error : `The server answered ${response.status}.`;
    throw new ApiError(response.status, message, json, Number.isFinite(retry) && retry > 0 ? retry : null);
  }
  return json as T;
}

/** The body as a stream pulled in chunks, so `onUpload` hears each one as the network takes it. */
function streamed(bytes: Uint8Array, onUpload: ProgressHook): ReadableStream<Uint8Array> {
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

async function readText(response: Response, onDownload?: ProgressHook): Promise<string> {
  if (!onDownload || !response.body) return response.text();
  const total = Number(response.headers.get("Content-Length")) || 0;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    chunks.push(next.value);
    received += next.value.length;
    onDownload(received, total);
  }
  const all = new Uint8Array(received);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return new TextDecoder().decode(all);
}
