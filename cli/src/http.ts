/** JSON over fetch against one hushnote server, with network failures and error answers turned into exit codes. */
import { CliError, EXIT } from "./errors";
import { PROGRESS_THRESHOLD, type Progress } from "./progress";

/** A non-2xx answer: status, the server's sentence, the rest of its JSON (e.g. triesLeft, version), Retry-After. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly body: Record<string, unknown>, readonly retryAfter: number | null) {
    super(message);
    this.name = "ApiError";
  }
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Counts request bytes as they go out (multi-MB uploads). */
  upload?: Progress;
  /** Counts response bytes as they arrive (shown only for multi-MB answers). */
  download?: Progress;
}

// Streaming the request body lets us count bytes as undici pulls them; a plain string would go out in one piece.
const CHUNK = 256 * 1024;

function streamBody(bytes: Uint8Array, progress: Progress): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + CHUNK));
      offset = Math.min(bytes.length, offset + CHUNK);
      progress.update(offset, bytes.length);
    },
  }, { highWaterMark: 0 });
}

async function readText(response: Response, progress?: Progress): Promise<string> {
  // 0 when the answer is chunked (no Content-Length): the line then shows bytes so far.
  const total = Number(response.headers.get("Content-Length")) || 0;
  if (!progress || !response.body || (total > 0 && total < PROGRESS_THRESHOLD)) return response.text();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    chunks.push(chunk);
    received += chunk.length;
    progress.update(received, total);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Sends one request to `server` + `path`; returns the parsed JSON or throws ApiError / CliError(server). */
export async function api<T>(server: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...opts.headers };
  const init: RequestInit & { duplex?: "half" } = { method: opts.method ?? "GET", headers };
  if (opts.body !== undefined) {
    const bytes = Buffer.from(JSON.stringify(opts.body), "utf8");
    headers["Content-Type"] = "application/json";
    if (opts.upload) {
      headers["Content-Length"] = String(bytes.length);
      init.body = streamBody(bytes, opts.upload);
      init.duplex = "half";
    } else {
      init.body = bytes;
    }
  }
  let response: Response;
  let text: string;
  try {
    response = await fetch(new URL(path, server), init);
    opts.upload?.done();
    text = await readText(response, opts.download);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(EXIT.server, `could not reach ${server} (${cause?.code ?? cause?.message ?? (error as Error).message})`);
  } finally {
    opts.upload?.done();
    opts.download?.done();
  }
  let json: Record<string, unknown> = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    // A proxy's HTML error page: keep the status, ignore the body.
  }
  if (!response.ok) {
    const retry = Number(response.headers.get("Retry-After"));
    const message = typeof json.error === "string" ? json.error : `the server answered ${response.status}`;
    throw new ApiError(response.status, message, json, Number.isFinite(retry) && retry > 0 ? retry : null);
  }
  return json as T;
}

/** The exit code for an API error no command handled more specifically. */
export function asCliError(error: ApiError, what: string): CliError {
  if (error.status === 404) return new CliError(EXIT.gone, `${what} does not exist, has expired or has been destroyed`);
  if (error.status === 403) return new CliError(EXIT.wrongPassword, error.message);
  if (error.status === 413) return new CliError(EXIT.usage, `too large for this server: ${error.message}`);
  return new CliError(EXIT.server, `the server refused (${error.status}): ${error.message}`);
}

/** Runs `call`, waiting out 503 + Retry-After (a body still propagating through KV; nothing was consumed). */
export async function retrying<T>(call: () => Promise<T>, onWait: (seconds: number) => void, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 503 || attempt >= attempts) throw error;
      const wait = Math.min(error.retryAfter ?? 2, 10);
      onWait(wait);
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    }
  }
}
