/** A byte upload through XMLHttpRequest: the one browser API that reports upload progress over HTTP/1.1 and HTTP/2. */
import { ApiError, type ProgressHook, UNREACHABLE, unshared } from "./http";

/** What xhrSend needs: the same fields a fetch of the upload would take. */
export interface XhrUpload {
  method: string;
  headers: Record<string, string>;
  bytes: Uint8Array;
  onUpload: ProgressHook;
  signal?: AbortSignal;
}

/** Sends the upload and answers a Response built from the XHR, so it is read like any fetch answer. */
export function xhrSend(url: string, upload: XhrUpload): Promise<Response> {
  const { signal } = upload;
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(upload.method, url);
    for (const [name, value] of Object.entries(upload.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => upload.onUpload(event.loaded, upload.bytes.length);
    const onAbort = () => xhr.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    const settle = () => signal?.removeEventListener("abort", onAbort);
    xhr.onload = () => {
      settle();
      resolve(responseOf(xhr));
    };
    xhr.onerror = xhr.ontimeout = () => {
      settle();
      reject(new ApiError(0, UNREACHABLE, {}, null, { cause: new Error(`XMLHttpRequest ${upload.method} failed`) }));
    };
    xhr.onabort = () => {
      settle();
      reject(signal?.reason ?? new DOMException("The upload was aborted.", "AbortError"));
    };
    xhr.send(unshared(upload.bytes));
  });
}

function responseOf(xhr: XMLHttpRequest): Response {
  const headers = new Headers();
  for (const line of xhr
    .getAllResponseHeaders()
    .trim()
    .split(/[\r\n]+/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  // A Response may not carry a body with these statuses.
  const empty = xhr.status === 204 || xhr.status === 205 || xhr.status === 304;
  return new Response(empty ? null : xhr.responseText, { status: xhr.status, headers });
}
