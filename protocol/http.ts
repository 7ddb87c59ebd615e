/** Requests against one hushnote server: the one request path the pages and the CLI share (JSON here, bytes in bytes.ts). */

/**
 * A failed call: a non-2xx answer, status 0 when no answer came at all (then `cause` is the network error), or 502
 * when an answer came but is malformed (a broken or hostile server). `body` is the rest of the server's JSON (e.g.
 * triesLeft, version); `retryAfter` is its Retry-After in seconds.
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

/** Optional observers of one call, and its cancellation; none of them changes what is sent. */
export interface Hooks {
  /** Request bytes as they go out. */
  onUpload?: ProgressHook;
  /** Answer bytes as they arrive. */
  onDownload?: ProgressHook;
  /** Told before each wait on a 503 (a body still on its way to this server location); nothing was consumed. */
  onWait?: (seconds: number) => void;
  /** Aborts the call: it then rejects with the signal's reason, never with an ApiError. */
  signal?: AbortSignal;
  /** The first wait before a retry the server gave no Retry-After for, doubling after (1 s; tests shorten it). */
  backoffMs?: number;
}

/** One request: method (GET by default), a JSON body, extra headers, progress hooks. */
export interface RequestOptions extends Pick<Hooks, "onDownload" | "signal"> {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  body?: unknown;
  headers?: Record<string, string>;
}

/** The base URL pages pass: paths then resolve against the page's own origin. */
export const SAME_ORIGIN = "";

/** The sentence for a call that got no answer at all. */
export const UNREACHABLE = "The server could not be reached. Check your connection and try again.";

/** Sends one JSON request to `base` + `path` (base: an origin with an optional path prefix, or SAME_ORIGIN). */
export async function request<T>(base: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...opts.headers };
  const init: RequestInit = { method: opts.method ?? "GET", headers };
  if (opts.body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(opts.body);
  }
  return answer<T>(await send(`${base}${path}`, init, opts.signal), opts);
}

/** An answer's JSON, or the ApiError for a refusal (a proxy's HTML page gives `{}` beside the status). */
export async function answer<T>(response: Response, opts: Pick<Hooks, "onDownload" | "signal"> = {}): Promise<T> {
  const text = await guarded(() => readText(response, opts.onDownload), opts.signal);
  const json = parseObject(text);
  if (!response.ok) throw failure(response, json);
  return json as T;
}

/** fetch with `cache: no-store`: a network failure becomes ApiError 0, an abort stays the signal's reason. */
export function send(url: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
  return guarded(() => fetch(url, { ...init, cache: "no-store", signal }), signal);
}

/** Runs a network step; its failure is ApiError 0 ("unreachable") unless `signal` aborted it. */
export async function guarded<T>(step: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  try {
    return await step();
  } catch (error) {
    signal?.throwIfAborted();
    if (error instanceof ApiError) throw error;
    throw new ApiError(0, UNREACHABLE, {}, null, { cause: error });
  }
}

/** The ApiError for a non-2xx answer whose JSON body (if any) is `json`. */
export function failure(response: Response, json: Record<string, unknown>): ApiError {
  const retry = Number(response.headers.get("Retry-After"));
  const message = typeof json.error === "string" ? json.error : `The server answered ${response.status}.`;
  return new ApiError(response.status, message, json, Number.isFinite(retry) && retry > 0 ? retry : null);
}

/** Reads a refusal's JSON (or a proxy's HTML page, which gives `{}`) and turns it into the ApiError to throw. */
export async function refusal(response: Response, signal?: AbortSignal): Promise<ApiError> {
  let text = "";
  try {
    text = await response.text();
  } catch {
    // The status alone still says what happened.
    signal?.throwIfAborted();
  }
  return failure(response, parseObject(text));
}

/** The view typed as over an ArrayBuffer, which fetch and XHR take (ours never are shared memory). */
export const unshared = (bytes: Uint8Array) => bytes as Uint8Array<ArrayBuffer>;

/** A malformed answer (status 502) from a server that did answer: never retried, and nothing in it may be used. */
export class MalformedAnswer extends ApiError {}

/** The error for a malformed answer; `what` says what is wrong with it. */
export function malformed(what: string): MalformedAnswer {
  return new MalformedAnswer(502, `The server's answer is malformed: ${what}.`);
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // A proxy's HTML error page: keep the status, ignore the body.
  }
  return {};
}

async function readText(response: Response, onDownload?: ProgressHook): Promise<string> {
  if (!onDownload || !response.body) return response.text();
  return new TextDecoder().decode(await readAll(response, onDownload));
}

/** The whole answer body, telling `onDownload` each chunk (total from Content-Length, 0 when absent). */
export async function readAll(response: Response, onDownload?: ProgressHook): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const total = Number(response.headers.get("Content-Length")) || 0;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    chunks.push(next.value);
    received += next.value.length;
    onDownload?.(received, total);
  }
  const all = new Uint8Array(received);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return all;
}
