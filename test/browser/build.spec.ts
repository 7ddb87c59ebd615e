import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

const OUTPUTS = () => [
  ...readdirSync("public", { recursive: true, encoding: "utf8" })
    .filter((f) => f.includes("."))
    .sort()
    .map((f) => `public/${f}`),
  "worker/generated/pages.ts",
  "worker/generated/strings.ts",
];
const fingerprint = () =>
  Object.fromEntries(OUTPUTS().map((f) => [f, createHash("sha256").update(readFileSync(f)).digest("hex")]));
const build = () => execFileSync(process.execPath, ["scripts/build.mjs"], { encoding: "utf8" });

describe("scripts/build.mjs", () => {
  it("is reproducible: two builds of the same source are byte-identical, and it prints every page hash", () => {
    const log = build();
    const first = fingerprint();
    build();
    expect(fingerprint()).toEqual(first);
    expect(Object.keys(first)).toEqual(
      expect.arrayContaining([
        "public/index.html",
        "public/note.html",
        "public/manage.html",
        "public/pad.html",
        "public/ask.html",
        "public/answer.html",
      ]),
    );
    // Every page in each of the other eleven languages, beside the English ones.
    expect(Object.keys(first).filter((f) => /^public\/[a-zA-Z-]+\/\w+\.html$/.test(f))).toHaveLength(66);
    const generated = readFileSync("worker/generated/pages.ts", "utf8");
    for (const hash of log.match(/sha256-[A-Za-z0-9+/]{43}=/g) ?? []) expect(generated).toContain(hash);
    expect(log.match(/sha256-/g)).toHaveLength(18);
  });

  it("keeps the create and request pages within 60 KB and the notepad page (Markdown and sanitiser inlined) within 80 KB gzipped", () => {
    const sizes = Object.fromEntries(
      ["index", "note", "manage", "pad", "ask", "answer"].map((p) => [
        p,
        gzipSync(readFileSync(`public/${p}.html`), { level: 9 }).length,
      ]),
    );
    console.log(`[figures] gzipped bytes per page: ${JSON.stringify(sizes)}`);
    expect(sizes.index).toBeLessThanOrEqual(60 * 1024);
    expect(sizes.pad).toBeLessThanOrEqual(80 * 1024);
    // The request pages: the asker's (QR code and htmx) and the answerer's stay within the create page's budget.
    expect(sizes.ask).toBeLessThanOrEqual(60 * 1024);
    expect(sizes.answer).toBeLessThanOrEqual(60 * 1024);
    // Every language's page stays within 5 % of the English one (the budget for translations).
    const languages = readdirSync("public").filter((d) => !d.includes("."));
    const weights: Record<string, Record<string, number>> = {};
    for (const [p, english] of Object.entries(sizes)) {
      weights[p] = {};
      for (const code of languages) {
        const bytes = gzipSync(readFileSync(`public/${code}/${p}.html`), { level: 9 }).length;
        weights[p][code] = bytes;
        expect(bytes, `${code}/${p}.html`).toBeLessThanOrEqual(english * 1.05);
      }
    }
    console.log(`[figures] gzipped bytes per page and language: ${JSON.stringify(weights)}`);
    // The page loads nothing else of size: no <script src>, no stylesheet links, no fonts.
    expect(readFileSync("public/index.html", "utf8")).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet|@font-face/);
  });
});
