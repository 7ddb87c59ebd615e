// Compares what a hushnote instance actually serves with a local build of this source: the HTML of every page
// (hashed here, never taken from the instance's own manifest, which a hostile server would simply rewrite) and the CSP
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

/** The local build's page hashes and CSPs, from public/ and worker/generated/pages.ts (run `npm run build` first). */
function localBuild() {
  const generated = readFileSync("worker/generated/pages.ts", "utf8");
  const routes = JSON.parse(/PAGE_ROUTES[^=]*= (\{[\s\S]*?\n\});/.exec(generated)[1]);
  return Object.fromEntries(
    Object.entries(routes).map(([route, { asset, csp }]) => [
      route,
      { html: sha256(readFileSync(`public${asset}`)), csp },
    ]),
  );
}

/** Fetches every page from `origin` and compares it with the local build; returns one row per page. */
export async function verifyInstance(origin, local = localBuild()) {
  const rows = [];
  for (const [route, path] of Object.entries(PROBES)) {
    const response = await fetch(new URL(path, origin), { redirect: "manual", headers: { Accept: "text/html" } });
    const html = sha256(Buffer.from(await response.arrayBuffer()));
    const csp = response.headers.get("content-security-policy");
    const expected = local[route];
    rows.push({
      route,
      status: response.status,
      html,
      htmlMatches: html === expected?.html,
      cspMatches: csp === expected?.csp,
    });
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
      console.log(
        `${r.route.padEnd(9)} ${r.htmlMatches ? "same HTML" : "DIFFERENT HTML"}  ${r.cspMatches ? "same CSP" : "DIFFERENT CSP"}  ${r.html}`,
      );
    }
    const ok = rows.every((r) => r.htmlMatches && r.cspMatches);
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
