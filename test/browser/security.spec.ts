import { createHash } from "node:crypto";
import type { Request } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newContext, watchProblems } from "./browser";
import { createNote, revealNote, shownText } from "./flows";
import { useHarness } from "./setup";

const h = useHarness();

const sha256 = (text: string) => `sha256-${createHash("sha256").update(text, "utf8").digest("base64")}`;
const PAGES = {
  "/": "/",
  "/n/:id": "/n/AAAAAAAAAAAAAAAAAAAAAA",
  "/m/:id": "/m/AAAAAAAAAAAAAAAAAAAAAA",
  "/p/:slug": "/p/csp-check",
  "/request": "/request",
  "/q/:id": "/q/AAAAAAAAAAAAAAAAAAAAAA",
  "/r/:id": "/r/AAAAAAAAAAAAAAAAAAAAAA",
};

async function serialize(request: Request): Promise<string> {
  return [
    `${request.method()} ${request.url()}`,
    JSON.stringify(await request.allHeaders()),
    // latin1: one character per byte, so binary bodies keep their length and ASCII secrets stay findable.
    request.postDataBuffer()?.toString("latin1") ?? "",
  ].join("\n");
}

describe("what leaves the browser", () => {
  it("never sends the link key, the password or the plaintext in any request URL, header or body", async () => {
    const plaintext = "TOP-SECRET-PLAINTEXT-7f3a9c";
    const password = "hunter2-but-much-longer-3b8e";
    const creatorContext = await newContext(h.browser, h.server.origin);
    const readerContext = await newContext(h.browser, h.server.origin);
    const captured: Promise<string>[] = [];
    for (const context of [creatorContext, readerContext])
      context.on("request", (request) => captured.push(serialize(request)));
    const { share, manage } = await createNote(await creatorContext.newPage(), h.server.origin, {
      text: plaintext,
      password,
      views: 2,
    });
    const reader = await readerContext.newPage();
    await revealNote(reader, share, password);
    expect(await shownText(reader)).toBe(plaintext);
    const manager = await creatorContext.newPage();
    await manager.goto(manage);
    await manager.locator("#receipt .state").waitFor();

    const linkKey = new URL(share).hash.slice(1);
    const manageToken = new URL(manage).hash.slice(1);
    const traffic = await Promise.all(captured);
    expect(traffic.length).toBeGreaterThan(8);
    // The capture must see request bodies, JSON and bytes, or the checks below would pass vacuously.
    expect(traffic.some((entry) => entry.startsWith("POST") && entry.includes('"wrappedKey"'))).toBe(true);
    const part = traffic.find((entry) => /^PUT \S+\/parts\/0\n/.test(entry));
    expect(part).toBeDefined();
    const declared = Number(JSON.parse(part!.split("\n")[1]!)["content-length"]);
    expect(declared).toBeGreaterThan(0);
    expect(part!.split("\n").slice(2).join("\n")).toHaveLength(declared);
    for (const entry of traffic) {
      expect(entry).not.toContain(linkKey);
      expect(entry).not.toContain(password);
      expect(entry).not.toContain(plaintext);
      // The manage token may travel only as an Authorization header, never in a URL.
      expect(entry.split("\n")[0]).not.toContain(manageToken);
    }
  });
});

describe("served pages and their CSP", () => {
  for (const [route, path] of Object.entries(PAGES)) {
    it(`${route}: the CSP lists exactly the hashes of the page's one inline script and one inline style`, async () => {
      const response = await fetch(`${h.server.origin}${path}`);
      const html = await response.text();
      const csp = response.headers.get("Content-Security-Policy") ?? "";
      const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
      const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
      expect(scripts).toHaveLength(1);
      expect(styles).toHaveLength(1);
      // Besides it, only the messages' data block, which a browser never executes (and which must stay JSON).
      expect(html.match(/<script/g)).toHaveLength(2);
      const data = [...html.matchAll(/<script type="application\/json" id="strings">([\s\S]*?)<\/script>/g)];
      expect(data).toHaveLength(1);
      expect(JSON.parse(data[0]![1]!)).toBeTypeOf("object");
      expect(html).not.toMatch(/\s(src|href)="(https?:)?\/\//);
      expect(html).not.toMatch(/\sstyle="|\son[a-z]+="/);
      const directive = (name: string) =>
        csp
          .split(";")
          .map((d) => d.trim())
          .find((d) => d.startsWith(`${name} `));
      expect(directive("script-src")).toBe(`script-src '${sha256(scripts[0]!)}'`);
      expect(directive("style-src")).toBe(`style-src '${sha256(styles[0]!)}'`);
      for (const required of [
        "default-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "connect-src 'self'",
      ]) {
        expect(csp).toContain(required);
      }
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
      expect(response.headers.get("Cache-Control")).toBe("no-store");
      expect(response.headers.get("Referrer-Policy")).toBe("no-referrer");

      const manifest = await (await fetch(`${h.server.origin}/.well-known/hushnote.json`)).json();
      expect(manifest.pages[route]).toMatchObject({
        html: sha256(html),
        script: sha256(scripts[0]!),
        style: sha256(styles[0]!),
      });
    });
  }

  it("runs every page without a single CSP violation or script error", async () => {
    const context = await newContext(h.browser, h.server.origin);
    const creator = await context.newPage();
    const problems = watchProblems(creator);
    const { share, manage } = await createNote(creator, h.server.origin, {
      text: "csp",
      password: "a long enough passphrase",
    });
    for (const link of [share, manage]) {
      const page = await context.newPage();
      problems.push(...watchProblems(page));
      await page.goto(link);
      await page.locator("#about:not([hidden]), #receipt .state").first().waitFor();
    }
    const reader = await context.newPage();
    problems.push(...watchProblems(reader));
    await revealNote(reader, share, "a long enough passphrase");
    expect(await shownText(reader)).toBe("csp");
    expect(problems).toEqual([]);
  });
});
