/** Security headers: `secure` is the one step every response leaves through (the router's finally stage). */

/** CSP for API answers and anything else that is not a page: nothing may load, nothing may frame it. */
const API_CSP = "default-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const COMMON: Record<string, string> = {
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Permissions-Policy":
    "accelerometer=(), camera=(), clipboard-read=(), geolocation=(), gyroscope=(), interest-cohort=(), microphone=(), payment=(), usb=()",
  "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
};

/** What a response may load and how it may be cached. */
export interface HeaderPolicy {
  csp: string;
  cacheControl: string;
}

const API_POLICY: HeaderPolicy = { csp: API_CSP, cacheControl: "no-store" };

// A marker beside the response rather than a header on it, so an upstream answer (Workers Assets) can never choose.
const marked = new WeakMap<Response, HeaderPolicy>();

/** Marks a response that needs a page's CSP or other caching; `secure` applies it, the API's policy fills the rest. */
export function withPolicy(response: Response, policy: Partial<HeaderPolicy>): Response {
  marked.set(response, { ...API_POLICY, ...policy });
  return response;
}

/** Returns a copy of `response` with the security headers and its policy: the one marked on it, else the API's. */
export function secure(response: Response): Response {
  const { csp, cacheControl } = marked.get(response) ?? API_POLICY;
  const secured = new Response(response.body, response);
  for (const [name, value] of Object.entries(COMMON)) secured.headers.set(name, value);
  secured.headers.set("Content-Security-Policy", csp);
  secured.headers.set("Cache-Control", cacheControl);
  return secured;
}
