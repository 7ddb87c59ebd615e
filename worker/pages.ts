/** Serves the built pages (each with its own hash-based CSP), the published hashes, and the htmx fragments. */
import { serveFragment } from "./fragments";
import { MANIFEST, PAGE_ROUTES } from "./generated/pages";
import { API_CSP, withSecurityHeaders } from "./headers";

/** Which built page answers a path: /, /n/<id> (open) and /m/<id> (manage). Ids are checked by the page and API. */
function pageFor(pathname: string): { asset: string; csp: string } | undefined {
  if (pathname === "/") return PAGE_ROUTES["/"];
  if (/^\/n\/[^/]+$/.test(pathname)) return PAGE_ROUTES["/n/:id"];
  if (/^\/m\/[^/]+$/.test(pathname)) return PAGE_ROUTES["/m/:id"];
  return undefined;
}

function json(status: number, body: unknown, cacheControl = "no-store"): Response {
  return withSecurityHeaders(Response.json(body, { status }), API_CSP, cacheControl);
}

/** Handles every non-API request; pages are never cached because their links carry secrets in fragments. */
export async function servePage(request: Request, env: Env): Promise<Response> {
  const url = new URL(request.url);
  if (request.method !== "GET" && request.method !== "HEAD") return json(405, { status: 405, error: "Pages can only be fetched with GET." });
  if (url.pathname.startsWith("/fragments/")) return serveFragment(request, env);
  if (url.pathname === "/.well-known/hushnote.json") return json(200, MANIFEST, "no-cache");
  if (url.pathname === "/favicon.svg") {
    return withSecurityHeaders(await env.ASSETS.fetch(new Request(url, { method: request.method })), API_CSP, "public, max-age=86400");
  }
  const page = pageFor(url.pathname);
  if (!page) return json(404, { status: 404, error: "There is no page here." });
  // Assets serve "/note.html" as "/note" (html_handling), so ask for the extensionless path.
  const assetPath = page.asset.replace(/(index)?\.html$/, "");
  const asset = await env.ASSETS.fetch(new Request(new URL(assetPath, url), { method: request.method }));
  if (!asset.ok) return json(500, { status: 500, error: "This page is missing from the build; run npm run build." });
  return withSecurityHeaders(asset, page.csp);
}
