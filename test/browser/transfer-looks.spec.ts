import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateNoteId, sealStream } from "../../crypto/index";
import { createNote as postNote, uploadPart } from "../../protocol/api";
import { type BigFile, pickerIntoPrivateFiles, writeBigFile } from "./big-file";
import { newContext } from "./browser";
import { createNote } from "./flows";
import { axeViolations } from "./looks";
import { type FaultyProxy, startProxy } from "./proxy";
import { useHarness } from "./setup";

const h = useHarness();
const MIB = 1024 * 1024;
const SHOTS = "/tmp/shots";
const LOOKS = [
  { label: "phone-light", dark: false, width: 390, height: 844 },
  { label: "phone-dark", dark: true, width: 390, height: 844 },
  { label: "desktop-light", dark: false, width: 1280, height: 800 },
  { label: "desktop-dark", dark: true, width: 1280, height: 800 },
];
let proxy: FaultyProxy;
let large: BigFile;
let numbers: BigFile;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  proxy = await startProxy(h.server.origin);
  large = writeBigFile("holiday-video.mp4", 65);
  numbers = writeBigFile("numbers.xlsx", 30);
});
afterAll(async () => {
  await proxy?.stop();
  large?.remove();
  numbers?.remove();
});

/** What the person sees at this moment (the viewport, scrolled to `focus`), with no axe findings and no sideways scroll. */
async function shoot(page: Page, state: string, label: string, focus: string): Promise<void> {
  await page.locator(focus).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/${state}-${label}.png` });
  expect(await axeViolations(page), `${state} ${label}`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  expect(overflow, `${state} ${label} scrolls sideways`).toBeLessThanOrEqual(0);
}

/** A note of two parts whose upload stopped after the first, created straight through the API. */
async function halfUploaded(): Promise<{ id: string; manageToken: string }> {
  const size = 30 * MIB;
  async function* chunks() {
    for (let i = 0; i < 30; i++) yield randomBytes(MIB);
  }
  const id = generateNoteId();
  const sealed = await sealStream(
    { text: "", tabs: [], files: [{ name: "a.bin", type: "", size, chunks: chunks() }] },
    { kind: "note", id, views: 1, ttl: 3600 },
  );
  const { header, wrappedKey, verifier, linkVerifier } = sealed;
  const created = await postNote(h.server.origin, {
    id,
    header,
    wrappedKey,
    verifier,
    linkVerifier: linkVerifier ?? undefined,
    views: 1,
    ttl: 3600,
    size: sealed.size,
  });
  const first = new Uint8Array(created.parts[0]!);
  let filled = 0;
  for await (const chunk of sealed.body) {
    const take = Math.min(chunk.length, first.length - filled);
    first.set(chunk.subarray(0, take), filled);
    filled += take;
    if (filled === first.length) break;
  }
  await uploadPart(h.server.origin, id, 0, first, created.manageToken);
  return { id, manageToken: created.manageToken };
}

describe("transfer states, phone and desktop, light and dark (screenshots in /tmp/shots)", () => {
  it("shows an upload in progress with its figures and Cancel", async () => {
    for (const look of LOOKS) {
      const page = await (await newContext(h.browser, h.server.origin, look)).newPage();
      await page.route("**/api/notes/*/parts/1", () => {});
      await page.goto(`${h.server.origin}/`);
      await page.waitForFunction(() => (document.getElementById("expiry") as HTMLSelectElement).options.length > 0);
      await page.getByLabel("Secret text").fill("the quarterly numbers");
      await page.locator("#files").setInputFiles(numbers.path);
      await page.getByRole("button", { name: "Create secret link" }).click();
      // Any figures will do: under load the only progress event may come just before part 1 stalls, and four seconds
      // into a stall the speed (and so the time left) is gone from the line.
      await page.locator("#progress-figures", { hasText: / of / }).waitFor();
      await shoot(page, "upload-in-progress", look.label, "#progress");
      await page.context().close();
    }
  });

  it("shows a download in progress, and a large file ready to save", async () => {
    const { share } = await createNote(await (await newContext(h.browser, proxy.origin)).newPage(), proxy.origin, {
      text: "Here is the video from the trip.",
      files: [large.path],
      views: null,
      timeout: 100_000,
    });
    for (const look of LOOKS) {
      const page = await (await newContext(h.browser, proxy.origin, look)).newPage();
      await pickerIntoPrivateFiles(page);
      proxy.fault({ kind: "hold", after: 40 * MIB });
      await page.goto(share);
      await page.getByRole("button", { name: "Reveal the secret" }).click();
      // The file is large and the browser can write to disk: the page asks first, and the download waits.
      await page.locator("#save-block:not([hidden])").waitFor();
      await shoot(page, "large-file-ready-to-save", look.label, "#save-block");
      await page.getByRole("button", { name: "Save holiday-video.mp4…" }).click();
      await page.locator("#progress-figures", { hasText: /^\d+\.\d MB of 65\.\d MB/ }).waitFor();
      await page.waitForTimeout(1500);
      await shoot(page, "download-in-progress", look.label, "#progress");
      proxy.release();
      await page.locator("#content:not([hidden])").waitFor({ timeout: 60_000 });
      await page.context().close();
    }
  });

  it("shows the manage page of a note still uploading", async () => {
    const { id, manageToken } = await halfUploaded();
    for (const look of LOOKS) {
      const page = await (await newContext(h.browser, h.server.origin, look)).newPage();
      await page.goto(`${h.server.origin}/m/${id}#${manageToken}`);
      await page.locator('#receipt [data-state="uploading"]').waitFor();
      await expect(page.locator("#receipt .state").textContent()).resolves.toMatch(/1 of 2/);
      await shoot(page, "manage-uploading", look.label, "#receipt");
      await page.context().close();
    }
  });
});
