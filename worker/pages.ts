/** The built pages (each with its own hash-based CSP) and the files published beside them, from Workers Assets. */
import type { IRequest } from "itty-router";
import { pickLanguage } from "../i18n/negotiate";
import { isUsableSlug, normalizeSlug } from "../protocol/slug";
import { readConfig } from "./config";
import { StatusError } from "./errors";
import { MANIFEST, PAGE_ROUTES } from "./generated/pages";
import { withPolicy } from "./headers";

function fromAssets(request: IRequest, env: Env, path: string): Promise<Response> {
  return env.ASSETS.fetch(new Request(new URL(path, request.url), { method: request.method }));
}

/** The reader's language among those offered: the picker's `?lang=`, else Accept-Language, else the default. */
export function pageLanguage(request: IRequest, env: Env): string {
  const { languages, defaultLanguage } = readConfig(env);
  const asked = new URL(request.url).searchParams.get("lang");
  return pickLanguage(asked, request.headers.get("Accept-Language"), languages, defaultLanguage);
}

/** The built page of a PAGE_ROUTES entry under its own CSP; never cached, because its links carry secrets in fragments. */
async function servePage(request: IRequest, env: Env, route: string, status = 200): Promise<Response> {
  const page = PAGE_ROUTES[route];
  const language = pageLanguage(request, env);
  const file = page?.languages[language] ?? page?.asset;
  // Assets serve "/note.html" as "/note" (html_handling), so ask for the extensionless path.
  const asset = file ? await fromAssets(request, env, file.replace(/(index)?\.html$/, "")) : undefined;
  if (!page || !asset?.ok) throw new StatusError(500, "This page is missing from the build; run npm run build.");
  const answer = new Response(asset.body, { status, headers: asset.headers });
  answer.headers.set("Content-Language", language);
  answer.headers.set("Vary", "Accept-Language");
  return withPolicy(answer, { csp: page.csp });
}

/**
 * GET / (create), /n/:id (open), /m/:id (manage), /request and /q/:id (ask for a secret, follow the request), /r/:id
 * (answer one): ids are checked by the page and the API, not here.
 */
export const page =
  (route: "/" | "/n/:id" | "/m/:id" | "/request" | "/q/:id" | "/r/:id") => (request: IRequest, env: Env) =>
    servePage(request, env, route);

/** The path segment decoded, or null when its percent-encoding is not UTF-8 (it names no address). */
function decoded(param: string): string | null {
  try {
    return decodeURIComponent(param);
  } catch {
    return null;
  }
}

/**
 * GET /p/:slug: an address not in normal form ("/p/Mark's%20Notes") redirects to it ("/p/mark-s-notes"). A reserved,
 * empty or undecodable one ("/p/%E0") is answered 404 with the notepad page, which says it is not an address; the
 * status tells crawlers and scripts. Undecodable text is never normalised as it stands: "%E0" would become "e0".
 */
export async function padPage(request: IRequest, env: Env): Promise<Response> {
  const text = decoded(request.params.slug ?? "");
  const slug = text === null ? "" : normalizeSlug(text);
  if (!isUsableSlug(slug)) return servePage(request, env, "/p/:slug", 404);
  const normal = `/p/${slug}`;
  const url = new URL(request.url);
  if (url.pathname !== normal) return new Response(null, { status: 301, headers: { Location: normal + url.search } });
  return servePage(request, env, "/p/:slug");
}

/** GET /.well-known/hushnote.json: the pages' published hashes, revalidated on every use so a new build shows at once. */
export const manifest = () => withPolicy(Response.json(MANIFEST), { cacheControl: "no-cache" });

/** GET /favicon.svg: the one asset that is not a page; it carries no secret, so browsers may keep it for a day. */
export const favicon = async (request: IRequest, env: Env) =>
  withPolicy(await fromAssets(request, env, "/favicon.svg"), { cacheControl: "public, max-age=86400" });

/** Any other path outside /api/. */
export function noSuchPage(): never {
  throw new StatusError(404, "There is no page here.");
}
