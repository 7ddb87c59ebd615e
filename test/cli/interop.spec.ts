/** One format, two clients: notes made by the CLI open in the page in Chromium, and the other way round. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newContext, watchProblems } from "../browser/browser";
import { createNote, revealNote, shownText } from "../browser/flows";
import { startServer, type TestServer } from "../browser/server";
import { build, cliEnv, runCli } from "./helpers";

let server: TestServer;
let browser: Browser;
let env: Record<string, string>;

beforeAll(async () => {
  build();
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  env = cliEnv(server.origin);
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const TEXT = "from one client to the other — ünïcode ✓\nsecond line";

describe("CLI ↔ page interoperability", () => {
  it("opens a CLI-sent note (link key + password) in the page", async () => {
    const sent = await runCli(["send"], { env: { ...env, HUSHNOTE_PASSWORD: "shared pw" }, input: TEXT });
    const page = await (await newContext(browser, server.origin)).newPage();
    const problems = watchProblems(page);
    await revealNote(page, sent.stdout.trim(), "shared pw");
    expect(await shownText(page)).toBe(TEXT);
    expect(problems).toEqual([]);
  });

  it("downloads a CLI-sent file byte for byte in the page", async () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 251));
    const file = join(mkdtempSync(join(tmpdir(), "hushnote-interop-")), "data.bin");
    writeFileSync(file, bytes);
    const link = (await runCli(["send", file], { env })).stdout.trim();
    const page = await (await newContext(browser, server.origin)).newPage();
    await revealNote(page, link);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: /^Download data\.bin/ }).click(),
    ]);
    expect(readFileSync((await download.path())!).equals(bytes)).toBe(true);
  });

  it("reads a page-made password-only note with a file in the CLI", async () => {
    const page = await (await newContext(browser, server.origin)).newPage();
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255]);
    const { share } = await createNote(page, server.origin, {
      text: TEXT,
      password: "page pw",
      passwordOnly: true,
      files: [{ name: "made in page.bin", mimeType: "application/octet-stream", buffer: bytes }],
    });
    // The page writes format v2: its password-only links carry the #v2 marker, and the CLI holds the header to it.
    expect(share).toMatch(/\/n\/[\w-]{22}#v2$/);
    const out = mkdtempSync(join(tmpdir(), "hushnote-interop-out-"));
    const read = await runCli(["read", share], { env: { ...env, HUSHNOTE_PASSWORD: "page pw" }, cwd: out });
    expect([read.code, read.stdout]).toEqual([0, TEXT]);
    expect(readFileSync(join(out, "made in page.bin")).equals(bytes)).toBe(true);
  });

  it("reads a page-made link-only note in the CLI", async () => {
    const page = await (await newContext(browser, server.origin)).newPage();
    const { share } = await createNote(page, server.origin, { text: TEXT, views: 2 });
    const read = await runCli(["read", share], { env });
    expect([read.code, read.stdout]).toEqual([0, TEXT]);
    expect(read.stderr).toContain("1 view left.");
  });
});
