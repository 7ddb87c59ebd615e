import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newContext } from "./browser";
import { createNote, drawPng, revealNote } from "./flows";
import { startServer } from "./server";
import { useHarness } from "./setup";

const h = useHarness();

async function download(page: Page, name: string): Promise<Buffer> {
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: new RegExp(`^Download ${name}`) }).click(),
  ]);
  expect(file.suggestedFilename()).toBe(name);
  return readFileSync((await file.path())!);
}

describe("files and images", () => {
  it("round-trips a binary file and an image byte-exact, with an image preview", async () => {
    const creator = await (await newContext(h.browser, h.server.origin)).newPage();
    await creator.goto("about:blank");
    const png = await drawPng(creator);
    const binary = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 251));
    const { share } = await createNote(creator, h.server.origin, {
      text: "two files",
      files: [
        { name: "data.bin", mimeType: "application/octet-stream", buffer: binary },
        { name: "picture.png", mimeType: "image/png", buffer: png },
      ],
    });
    const reader = await (await newContext(h.browser, h.server.origin)).newPage();
    await revealNote(reader, share);
    expect((await download(reader, "data.bin")).equals(binary)).toBe(true);
    expect((await download(reader, "picture.png")).equals(png)).toBe(true);
    const preview = reader.getByAltText("Preview of picture.png");
    await expect(preview.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).resolves.toBe(
      64,
    );
    expect(await reader.getByAltText("Preview of data.bin").count()).toBe(0);
  });

  it("attaches a file pasted into the text area", async () => {
    const page = await (await newContext(h.browser, h.server.origin)).newPage();
    await page.goto(`${h.server.origin}/`);
    await page.locator("#text").evaluate((area) => {
      const data = new DataTransfer();
      data.items.add(new File(["pasted bytes"], "clip.txt", { type: "text/plain" }));
      area.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await expect(page.locator("#file-list li").textContent()).resolves.toMatch(/^clip\.txt \(12 B\)/);
    await page.getByRole("button", { name: "Remove clip.txt" }).click();
    expect(await page.locator("#file-list li").count()).toBe(0);
  });

  it("refuses attachments above the instance limit before encrypting anything", async () => {
    const small = await startServer({ MAX_BODY_BYTES: "2048" });
    try {
      const page = await (await newContext(h.browser, small.origin)).newPage();
      await page.goto(`${small.origin}/`);
      await page.locator("#limits", { hasText: "up to 2 KB per note" }).waitFor();
      await page.waitForFunction(() => (document.getElementById("expiry") as HTMLSelectElement).options.length > 0);
      await page
        .locator("#files")
        .setInputFiles([{ name: "big.bin", mimeType: "application/octet-stream", buffer: Buffer.alloc(4096) }]);
      await expect(page.locator("#size-error").textContent()).resolves.toMatch(/Too large/);
      const posts: string[] = [];
      page.on("request", (request) => {
        if (request.method() === "POST") posts.push(request.url());
      });
      await page.getByRole("button", { name: "Create secret link" }).click();
      await expect(page.locator("#status").textContent()).resolves.toMatch(/Too large/);
      expect(posts).toEqual([]);
    } finally {
      await small.stop();
    }
  });
});
