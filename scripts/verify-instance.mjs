// Compares what a hushnote instance actually serves with a local build of this source: the HTML of every page in
// every language (hashed here, never taken from the instance's own manifest, which a hostile server would simply rewrite) and the CSP
// it sends with it. Usage: npm run build && node scripts/verify-instance.mjs https://notes.example.com
// Exit 0 when every page matches, 1 when any differs, 2 on a usage or network error.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

// One address per page route; the ids are well-formed and unused, and fetching a page consumes nothing.
const PROBES = {
  "/": "/",
  "/n/:id": "/n/AAAAAAAAAAAAAAAAAAAAAA",
  "/m/:id": "/m/AAAAAAAAAAAAAAAAAAAAAA",
  "/p/:slug": "/p/verify",
  "/request": "/request",
  "/q/:id": "/q/AAAAAAAAAAAAAAAAAAAAAA",
  "/r/:id": "/r/AAAAAAAAAAAAAAAAAAAAAA",
};

const sha256 = (bytes) => `sha256-${createHash("sha256").update(bytes).digest("base64")}`;

/** The local build's page hashes (per language) and CSPs, from public/ and worker/generated/pages.ts (build first). */
function localBuild() {
  const generated = readFileSync("worker/generated/pages.ts", "utf8");
  const routes = JSON.parse(/PAGE_ROUTES[^=]*= (\{[\s\S]*?\n\});/.exec(generated)[1]);
  return Object.fromEntries(
    Object.entries(routes).map(([route, { csp, languages }]) => [
      route,
      {
        csp,
        html: Object.fromEntries(
          Object.entries(languages).map(([code, file]) => [code, sha256(readFileSync(`public${file}`))]),
        ),
      },
    ]),
  );
}

/** Fetches one page and compares it with the local build's page in the language the instance says it served. */
async function probe(origin, route, path, code, expected) {
  const url = new URL(path, origin);
  if (code !== null) url.searchParams.set("lang", code);
  const response = await fetch(url, { redirect: "manual", headers: { Accept: "text/html" } });
  const html = sha256(Buffer.from(await response.arrayBuffer()));
  const served = response.headers.get("content-language") ?? "";
  return {
    route,
    code: code ?? "-",
    served,
    offered: code === null || served === code,
    status: response.status,
    html,
    // Whatever language came back, its bytes must be this build's page in that language: a label proves nothing.
    htmlMatches: Object.hasOwn(expected?.html ?? {}, served) && html === expected.html[served],
    cspMatches: response.headers.get("content-security-policy") === expected?.csp,
  };
}

/**
 * Fetches every page as a first visit gets it (no `?lang=`) and in every language (`?lang=`, as the picker asks), and
 * compares each with the local build; one row per fetch. An instance that does not offer a language answers another:
 * that row says so, and its bytes must still be this build's page in the language it answered.
 */
export async function verifyInstance(origin, local = localBuild()) {
  const rows = [];
  for (const [route, path] of Object.entries(PROBES)) {
    const expected = local[route];
    rows.push(await probe(origin, route, path, null, expected));
    for (const code of Object.keys(expected?.html ?? {})) rows.push(await probe(origin, route, path, code, expected));
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const origin = process.argv[2];
  if (!origin || !/^https?:\/\//.test(origin)) {
    console.error("usage: node scripts/verify-instance.mjs <https://your-instance>   (after npm run build)");
    process.exit(2);
  }
  try {
    const rows = await verifyInstance(origin);
    for (const r of rows) {
      const verdict = `${r.htmlMatches ? "same HTML" : "DIFFERENT HTML"}  ${r.cspMatches ? "same CSP" : "DIFFERENT CSP"}  ${r.html}`;
      const note = r.offered ? "" : `  (not offered by this instance: it served ${r.served || "no Content-Language"})`;
      console.log(`${r.route.padEnd(9)} ${r.code.padEnd(6)} ${verdict}${note}`);
    }
    const ok = rows.length > 0 && rows.every((r) => r.htmlMatches && r.cspMatches);
    console.log(
      ok
        ? "Every page is byte-identical to this build."
        : "Some pages differ from this build: do not type secrets into them.",
    );
    process.exit(ok ? 0 : 1);
  } catch (error) {
    console.error(`could not check ${origin}: ${error.message}`);
    process.exit(2);
  }
}
