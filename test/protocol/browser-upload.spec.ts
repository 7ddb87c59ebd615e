/**
 * Byte uploads in real Chromium: there fetch cannot report upload progress over HTTP/1.1, so sendBytes goes through
 * XMLHttpRequest. The protocol module is bundled with esbuild and served, with a blank page, by a scripted server
 * on the same origin, which also answers the uploads.
 */
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../browser/browser";
import { json, type Scripted, scripted } from "./scripted";

const SIZE = 8 * 1024 * 1024;
let browser: Browser;
let server: Scripted;
let page: Page;
let refuse = false;
let hold = false;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: ["protocol/index.ts"],
    bundle: true,
    write: false,
    format: "iife",
    globalName: "protocol",
  });
  const script = bundle.outputFiles[0]!.text;
  server = await scripted((seen, res) => {
    if (seen.path === "/")
      return res.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><title>t</title>");
    if (seen.path === "/protocol.js") return res.writeHead(200, { "Content-Type": "text/javascript" }).end(script);
    if (hold) return;
    if (refuse) return json(res, 403, { status: 403, error: "That is not this note's manage token." });
    json(res, 200, { part: 0, partsStored: 1, parts: 1, complete: true });
  }, 5);
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(server.origin);
  await page.addScriptTag({ url: "/protocol.js" });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

declare const protocol: typeof import("../../protocol/index");

describe("uploadPart in Chromium", () => {
  it("sends the bytes with their length and reports progress while they go", async () => {
    const result = await page.evaluate(async (size) => {
      const bytes = new Uint8Array(size).map((_, i) => i & 0xff);
      const progress: [number, number][] = [];
      const stored = await protocol.uploadPart("", "note-id", 0, bytes, "token", {
        onUpload: (done, total) => progress.push([done, total]),
      });
      return { stored, progress };
    }, SIZE);
    expect(result.stored).toEqual({ part: 0, partsStored: 1, parts: 1, complete: true });
    const seen = server.seen.filter((s) => s.method === "PUT").at(-1)!;
    expect(seen.path).toBe("/api/notes/note-id/parts/0");
    expect(seen.headers["content-length"]).toBe(String(SIZE));
    expect(seen.headers["content-type"]).toBe("application/octet-stream");
    expect(seen.headers.authorization).toBe("Bearer token");
    expect(seen.body.every((b, i) => b === (i & 0xff))).toBe(true);
    expect(result.progress.at(-1)).toEqual([SIZE, SIZE]);
    expect(result.progress.some(([done]) => done > 0 && done < SIZE)).toBe(true);
  });

  it("turns a refusal into an ApiError with the server's sentence", async () => {
    refuse = true;
    const error = await page.evaluate(async () => {
      try {
        await protocol.uploadPart("", "note-id", 0, new Uint8Array(10), "wrong", { onUpload: () => {} });
        return "stored";
      } catch (failed) {
        const { name, status, message } = failed as InstanceType<typeof protocol.ApiError>;
        return { name, status, message };
      }
    });
    refuse = false;
    expect(error).toEqual({ name: "ApiError", status: 403, message: "That is not this note's manage token." });
  });

  it("stops at an abort with the signal's reason", async () => {
    hold = true;
    const reason = await page.evaluate(async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error("cancelled")), 200);
      const failed = await protocol
        .uploadPart("", "note-id", 0, new Uint8Array(1000), "token", { onUpload: () => {}, signal: controller.signal })
        .catch((e: Error) => e);
      return failed instanceof Error ? failed.message : "resolved";
    });
    hold = false;
    expect(reason).toBe("cancelled");
  });
});
