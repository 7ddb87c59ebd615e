/** Serves the built pages from Workers Assets with their CSP. */
import { withSecurityHeaders } from "./headers";

const PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** Fetches a static asset and secures it; pages are never cached because they carry secrets in fragments. */
export async function servePage(request: Request, env: Env): Promise<Response> {
  const asset = await env.ASSETS.fetch(request);
  return withSecurityHeaders(asset, PAGE_CSP);
}
