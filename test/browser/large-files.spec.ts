import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BigFile,
  pickerIntoPrivateFiles,
  type Reading,
  recordProgress,
  savedFileDigest,
  withoutSavePicker,
  writeBigFile,
} from "./big-file";
import { newContext, watchProblems } from "./browser";
import { createNote, revealNote } from "./flows";
import { type FaultyProxy, startProxy } from "./proxy";
import { useHarness } from "./setup";

const h = useHarness();
const MIB = 1024 * 1024;
let big: BigFile;
let proxy: FaultyProxy;

beforeAll(async () => {
  big = writeBigFile("big.bin", 100);
  proxy = await startProxy(h.server.origin);
});
afterAll(async () => {
  big?.remove();
  await proxy?.stop();
});

const noteId = (share: string) => new URL(share).pathname.split("/")[2]!;

const sha256File = (path: string) =>
  new Promise<string>((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("end", () => resolve(hash.digest("hex")))
      .on("error", reject);
  });

const FIGURES =
  /^(\d+\.\d) MB of (\d+\.\d) MB · (\d+(?:\.\d)?) (B|KB|MB)\/s · about (\d+ s|\d+ min \d+ s|\d+ h \d+ min) left$/;
const UNIT = { B: 1, KB: 1024, MB: MIB } as const;

/** The bar only moves forward and ends full at `total`; bytes, speed and time left agree with the clock. */
function expectPlausible(readings: Reading[], total: (max: number) => boolean): void {
  expect(readings.length).toBeGreaterThan(3);
  for (const [i, r] of readings.entries()) {
    expect(r.value).toBeLessThanOrEqual(r.max);
    if (i > 0) expect(r.value).toBeGreaterThanOrEqual(readings[i - 1]!.value);
  }
  const last = readings.at(-1)!;
  expect(total(last.max)).toBe(true);
  expect(last.value).toBe(last.max);
  const timed = readings.map((r) => ({ r, m: FIGURES.exec(r.figures) })).filter((x) => x.m !== null);
  expect(timed.length).toBeGreaterThan(1);
  const speeds = timed.map(({ m }) => Number(m![3]) * UNIT[m![4] as keyof typeof UNIT]).sort((a, b) => a - b);
  const median = speeds[Math.floor(speeds.length / 2)]!;
  const average = (last.value - readings[0]!.value) / ((last.at - readings[0]!.at) / 1000);
  // A moving window against the whole run's average: the same order of magnitude on a steady loopback transfer.
  expect(median).toBeGreaterThan(average / 5);
  expect(median).toBeLessThan(average * 5);
  for (const { r, m } of timed) expect(Number(m![1])).toBeCloseTo(r.value / MIB, 0);
}

/** "[figures]" line: the transfer's average speed as the page measured it, first reading to last. */
function logSpeed(what: string, readings: Reading[]): void {
  const [first, last] = [readings[0]!, readings.at(-1)!];
  const seconds = (last.at - first.at) / 1000;
  console.log(`[figures] ${what}: ${(last.value / MIB).toFixed(1)} MiB in ${seconds.toFixed(1)} s`);
}

async function downloadedDigest(page: Page, name: string): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: new RegExp(`^Download ${name}`) }).click(),
  ]);
  return sha256File((await file.path())!);
}

describe("a 100 MiB file through the pages", () => {
  it("goes from the create page to the open page byte-identical (as a Blob, and written to a chosen file), with plausible progress; a file written before the body fails is discarded", async () => {
    const creator = await (await newContext(h.browser, h.server.origin)).newPage();
    const creatorProblems = watchProblems(creator);
    const uploaded = await recordProgress(creator);
    // Exactly the instance's default limit (100 MiB, text and files together), so no text beside it.
    const { share } = await createNote(creator, h.server.origin, {
      text: "",
      files: [big.path],
      views: 3,
      timeout: 100_000,
    });
    const ciphertext = (max: number) => max > big.size && max < big.size + MIB;
    expectPlausible(await uploaded(), ciphertext);
    logSpeed("Chromium upload (encrypt + parts)", await uploaded());
    expect(creatorProblems).toEqual([]);

    // Where the browser has no File System Access API: assembled as a Blob, then downloaded.
    const reader = await (await newContext(h.browser, h.server.origin)).newPage();
    const readerProblems = watchProblems(reader);
    await withoutSavePicker(reader);
    const downloaded = await recordProgress(reader);
    await revealNote(reader, share, undefined, 100_000);
    await expect(reader.locator("#text-block").isHidden()).resolves.toBe(true);
    expectPlausible(await downloaded(), ciphertext);
    logSpeed("Chromium download (decrypt into a Blob)", await downloaded());
    expect(await downloadedDigest(reader, "big.bin")).toBe(big.sha256);
    expect(readerProblems).toEqual([]);

    // Where it has it: the page asks where to save, and writes there as records authenticate.
    const saver = await (await newContext(h.browser, h.server.origin)).newPage();
    const saverProblems = watchProblems(saver);
    await pickerIntoPrivateFiles(saver);
    await saver.goto(share);
    await saver.getByRole("button", { name: "Reveal the secret" }).click();
    await saver.getByRole("button", { name: "Save big.bin…" }).click({ timeout: 30_000 });
    await saver.locator("#content:not([hidden])").waitFor({ timeout: 100_000 });
    await expect(saver.locator("#files li").textContent()).resolves.toBe(
      "big.bin (100.0 MB): saved to the file you chose.",
    );
    expect(await savedFileDigest(saver, "big.bin")).toEqual({ size: big.size, sha256: big.sha256 });
    expect(saverProblems).toEqual([]);

    // The last record altered in transit: 100 MiB were written before the end could tell. The write is aborted
    // (nothing lands in the chosen file) and the person is told to delete that file.
    const cheated = await (await newContext(h.browser, proxy.origin)).newPage();
    await pickerIntoPrivateFiles(cheated);
    const { size } = (await (await fetch(`${h.server.origin}/api/notes/${noteId(share)}`)).json()) as { size: number };
    proxy.fault({ kind: "flip", after: size - 1 });
    await cheated.goto(share.replace(h.server.origin, proxy.origin));
    await cheated.getByRole("button", { name: "Reveal the secret" }).click();
    await cheated.getByRole("button", { name: "Save big.bin…" }).click({ timeout: 60_000 });
    await cheated.locator("#problem:not([hidden])").waitFor({ timeout: 100_000 });
    await expect(cheated.locator("#problem-text").textContent()).resolves.toBe(
      "This note failed its integrity check: it was damaged, cut short or tampered with, so it is not shown. Delete big.bin where you chose to save it: that file is not the sender's.",
    );
    expect((await savedFileDigest(cheated, "big.bin")).size).toBe(0);
  });
});
