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

/**
 * Fetches every page in every language from `origin` (`?lang=`, as the picker asks) and compares it with the local
 * build; one row per page and language. A language the instance does not offer (it answers another) is not a
 * mismatch: that row says so and is left out of the verdict.
 */
export async function verifyInstance(origin, local = localBuild()) {
  const rows = [];
  for (const [route, path] of Object.entries(PROBES)) {
    const expected = local[route];
    for (const [code, wanted] of Object.entries(expected?.html ?? {})) {
      const url = new URL(path, origin);
      url.searchParams.set("lang", code);
      const response = await fetch(url, { redirect: "manual", headers: { Accept: "text/html" } });
      const html = sha256(Buffer.from(await response.arrayBuffer()));
      const csp = response.headers.get("content-security-policy");
      const offered = (response.headers.get("content-language") ?? code) === code;
      rows.push({
        route,
        code,
        offered,
        status: response.status,
        html,
        htmlMatches: html === wanted,
        cspMatches: csp === expected.csp,
      });
    }
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
      const verdict = r.offered
        ? `${r.htmlMatches ? "same HTML" : "DIFFERENT HTML"}  ${r.cspMatches ? "same CSP" : "DIFFERENT CSP"}  ${r.html}`
        : "not offered by this instance";
      console.log(`${r.route.padEnd(9)} ${r.code.padEnd(6)} ${verdict}`);
    }
    const checked = rows.filter((r) => r.offered);
    const ok = checked.length > 0 && checked.every((r) => r.htmlMatches && r.cspMatches);
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
