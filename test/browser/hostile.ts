/** Playing a dishonest server from inside Chromium (page.route), and watching what the page sends it. */
import { randomBytes } from "node:crypto";
import type { Page, Request } from "playwright-core";
import { decodeHeader, encodeHeader, type Payload, reseal, seal, unlock } from "../../crypto/index";

/** Every request the page makes from now on, as "METHOD /path". */
export function recordRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on("request", (request) => seen.push(`${request.method()} ${new URL(request.url()).pathname}`));
  return seen;
}

/** Requests that would have carried a proof: POST …/open, and any PUT or DELETE. */
export const proofRequests = (seen: string[]) => seen.filter((r) => /^POST .*\/open$|^(PUT|DELETE) /.test(r));

/** A header with another salt (the one thing a server needs to collect a proof it can attack offline). */
export function withOtherSalt(headerB64: string): string {
  const header = decodeHeader(headerB64);
  return encodeHeader({ ...header, kdf: { ...header.kdf!, salt: randomBytes(16).toString("base64url") } });
}

/** Rewrites the JSON answers of GET /api/pads/:slug (status) with `change`. */
export async function alterPadStatus(
  page: Page,
  slug: string,
  change: (status: { slug: string; header: string; version: number }) => object,
): Promise<void> {
  await page.route(`**/api/pads/${slug}`, async (route) => {
    if (route.request().method() !== "GET") return route.fallback();
    const response = await route.fetch();
    await route.fulfill({ response, json: change(await response.json()) });
  });
}

const text = (t: string): Payload => ({ text: t, tabs: [], files: [] });

/**
 * A format v2 notepad served entirely by the test: `serve(n)` switches the answers to saved version n (1..count), so
 * the server can first show the newest save and later pass off an older one. Sealed here with the real crypto.
 */
export async function fakeV2Pad(
  page: Page,
  slug: string,
  password: string,
  count: number,
): Promise<{ serve(version: number): void }> {
  const sealed = await seal(text("version 1"), {
    kind: "pad",
    id: slug,
    views: null,
    ttl: null,
    linkKey: null,
    password,
    version: 2,
    bodyVersion: 1,
  });
  const unlocked = await unlock(sealed.header, { password }, { expect: { kind: "pad", id: slug } });
  const bodies = [sealed.body];
  for (let v = 2; v <= count; v++)
    bodies.push(await reseal(unlocked, sealed.wrappedKey, text(`version ${v}`), { bodyVersion: v }));
  let current = count;
  await page.route(`**/api/pads/${slug}`, (route) =>
    route.request().method() === "GET"
      ? route.fulfill({ json: { slug, header: sealed.header, version: current } })
      : route.fulfill({ status: 405, json: { status: 405, error: "The test server only serves this pad." } }),
  );
  await page.route(`**/api/pads/${slug}/open`, (route) => {
    const body = Buffer.from(bodies[current - 1]!);
    const meta = { wrappedKey: sealed.wrappedKey, version: current, size: body.length };
    return route.fulfill({
      body,
      headers: { "Content-Type": "application/octet-stream", "Hushnote-Open": JSON.stringify(meta) },
    });
  });
  return {
    serve: (version) => {
      current = version;
    },
  };
}

/** The device credential a request carries: in its JSON body, its Hushnote-Save header or its Hushnote-Device header. */
export function sentDevice(request: Request): string | undefined {
  const header = request.headers()["hushnote-device"];
  if (header) return header;
  const save = request.headers()["hushnote-save"];
  if (save) return JSON.parse(save).device;
  try {
    return JSON.parse(request.postData() ?? "{}").device;
  } catch {
    return undefined;
  }
}
