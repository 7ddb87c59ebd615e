/** Typed calls to hushnote's JSON API (DESIGN §4). Only ciphertext, proofs and tokens ever go over it. */

export interface Config {
  instanceName: string; maxBodyBytes: number; maxViews: number; maxTtl: number; defaultTtl: number;
  expiryChoices: number[]; minKdfIterations: number; defaultKdfIterations: number; lockoutLimit: number;
  /** Instance policy: every note is one-time / needs a password. Absent on older servers. */
  oneTimeOnly?: boolean; passwordRequired?: boolean;
  footerText?: string; footerLink?: string;
}
export interface Created { id: string; expiresAt: number; viewsLeft: number | null; manageToken: string }
export interface NoteStatus { id: string; header: string; expiresAt: number; viewsLeft: number | null }
export interface Opened { wrappedKey: string; body: string; viewsLeft: number | null }

/** A non-2xx answer: the status, the server's sentence, and the rest of its JSON (e.g. triesLeft). */
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly body: Record<string, unknown>, readonly retryAfter: number | null) {
    super(message);
  }
}

/** Sends a JSON request and returns the parsed answer, or throws ApiError. */
export async function api<T>(path: string, method = "GET", body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const init: RequestInit = { method, headers: { ...headers }, cache: "no-store" };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)["Content-Type"] = "application/json";
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, "The server could not be reached. Check your connection and try again.", {}, null);
  }
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try { json = text ? JSON.parse(text) : {}; } catch { /* a proxy's HTML error page: keep the status */ }
  if (!response.ok) {
    const retry = Number(response.headers.get("Retry-After"));
    const message = typeof json.error === "string" ? json.error : `The server answered ${response.status}.`;
    throw new ApiError(response.status, message, json, Number.isFinite(retry) && retry > 0 ? retry : null);
  }
  return json as T;
}
