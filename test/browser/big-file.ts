/** Large random test files on disk, and the page-side probes that read a transfer's progress and a saved file back. */
import { createHash, randomBytes } from "node:crypto";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";

const MIB = 1024 * 1024;

export interface BigFile {
  path: string;
  size: number;
  sha256: string;
  /** Removes the file's temporary directory. */
  remove(): void;
}

/**
 * `mib` MiB of random bytes: one random MiB repeated, each copy starting with its own index, so a reordered, repeated
 * or dropped MiB changes the hash.
 */
export function writeBigFile(name: string, mib: number): BigFile {
  const dir = mkdtempSync(join(tmpdir(), "hushnote-big-"));
  const path = join(dir, name);
  const block = randomBytes(MIB);
  const hash = createHash("sha256");
  const fd = openSync(path, "w");
  try {
    for (let i = 0; i < mib; i++) {
      block.writeBigUInt64BE(BigInt(i), 0);
      writeSync(fd, block);
      hash.update(block);
    }
  } finally {
    closeSync(fd);
  }
  return { path, size: mib * MIB, sha256: hash.digest("hex"), remove: () => rmSync(dir, { recursive: true }) };
}

/** One reading of the progress bar: its value and max, the figures line, and when (ms since the page loaded). */
export interface Reading {
  value: number;
  max: number;
  figures: string;
  at: number;
}

/** Records every change of the progress figures on the pages this tab loads from now on; read with `readings()`. */
export async function recordProgress(page: Page): Promise<() => Promise<Reading[]>> {
  await page.addInitScript(() => {
    const log: Reading[] = [];
    (window as unknown as { __readings: Reading[] }).__readings = log;
    addEventListener("DOMContentLoaded", () => {
      const bar = document.getElementById("progress-bar") as HTMLProgressElement | null;
      const figures = document.getElementById("progress-figures");
      if (!bar || !figures) return;
      const read = () =>
        log.push({ value: bar.value, max: bar.max, figures: figures.textContent ?? "", at: performance.now() });
      new MutationObserver(read).observe(figures, { childList: true, characterData: true, subtree: true });
    });
  });
  return () => page.evaluate(() => (window as unknown as { __readings: Reading[] }).__readings);
}

/** Hides the File System Access API, as in browsers without it: large files then arrive as Blobs. */
export async function withoutSavePicker(page: Page): Promise<void> {
  await page.addInitScript(() => {
    delete (window as unknown as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
}

/**
 * Makes `showSaveFilePicker` hand out a file in the origin-private file system: the page then writes through the
 * real File System Access writable, and the test reads the file back. Headless Chromium cannot show a picker.
 */
export async function pickerIntoPrivateFiles(page: Page): Promise<void> {
  await page.addInitScript(() => {
    (window as unknown as { showSaveFilePicker: unknown }).showSaveFilePicker = async (options: {
      suggestedName: string;
    }) => (await navigator.storage.getDirectory()).getFileHandle(options.suggestedName, { create: true });
  });
}

/** The sha256 (hex) and size of a file the page saved through `pickerIntoPrivateFiles`. */
export function savedFileDigest(page: Page, name: string): Promise<{ size: number; sha256: string }> {
  return page.evaluate(async (fileName) => {
    const file = await (await (await navigator.storage.getDirectory()).getFileHandle(fileName)).getFile();
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await file.arrayBuffer()));
    return { size: file.size, sha256: [...digest].map((b) => b.toString(16).padStart(2, "0")).join("") };
  }, name);
}
