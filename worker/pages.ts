/** Serves the built pages (each with its own hash-based CSP), the published hashes, and the htmx fragments. */
import { serveFragment } from "./fragments";
import { MANIFEST, PAGE_ROUTES } from "./generated/pages";
import { API_CSP, withSecurityHeaders } from "./headers";
import { isUsableSlug, normalizeSlug } from "../protocol/slug";

/** Which built page answers a path: /, /n/<id> (open), /m/<id> (manage), /p/<slug> (notepad). Ids are checked by the page and API. */
function pageFor(pathname: string): { asset: string; csp: string } | undefined {
  if (pathname === "/") return PAGE_ROUTES["/"];
  if (/^\/n\/[^/]+$/.test(pathname)) return PAGE_ROUTES["/n/:id"];
  if (/^\/m\/[^/]+$/.test(pathname)) return PAGE_ROUTES["/m/:id"];
  if (/^\/p\/[^/]+\/?$/.test(pathname)) return PAGE_ROUTES["/p/:slug"];
  return undefined;
}

/**
 * A notepad address not in normal form ("/p/Mark's%20Notes") redirects to it ("/p/mark-s-notes"). A reserved or empty
 * one is answered 404, with the notepad page, which says why.
 */
function padAddress(url: URL): { redirect: string } | { notFound: true } | null {
  const match = /^\/p\/([^/]+)\/?$/.exec(url.pathname);
  if (!match) return null;
  let raw: string;
  try {
    raw = decodeURIComponent(match[1]!);
  } catch {
    raw = match[1]!;
  }
  const slug = normalizeSlug(raw);
  if (!isUsableSlug(slug)) return { notFound: true };
  return slug === match[1] && !url.pathname.endsWith("/") ? null : { redirect: `/p/${slug}` };
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
  const pad = padAddress(url);
  if (pad && "redirect" in pad) {
    return withSecurityHeaders(new Response(null, { status: 301, headers: { Location: pad.redirect } }), API_CSP);
  }
  // Assets serve "/note.html" as "/note" (html_handling), so ask for the extensionless path.
  const assetPath = page.asset.replace(/(index)?\.html$/, "");
  const asset = await env.ASSETS.fetch(new Request(new URL(assetPath, url), { method: request.method }));
  if (!asset.ok) return json(500, { status: 500, error: "This page is missing from the build; run npm run build." });
  // The page itself explains a reserved or impossible address; the status tells crawlers and scripts.
  const answer = pad ? new Response(asset.body, { status: 404, headers: asset.headers }) : asset;
  return withSecurityHeaders(answer, page.csp);
}
