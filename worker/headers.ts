/** Security headers applied to every response the Worker sends: API, errors and static pages alike. */

/** CSP for API answers and anything else that is not a page: nothing may load, nothing may frame it. */
export const API_CSP = "default-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

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

/** Returns a copy of `response` carrying the security headers, the given CSP and, unless told otherwise, no-store. */
export function withSecurityHeaders(response: Response, csp = API_CSP, cacheControl = "no-store"): Response {
  const secured = new Response(response.body, response);
  for (const [name, value] of Object.entries(COMMON)) secured.headers.set(name, value);
  secured.headers.set("Content-Security-Policy", csp);
  secured.headers.set("Cache-Control", cacheControl);
  return secured;
}
