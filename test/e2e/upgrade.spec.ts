/**
 * Upgrades keep data (DESIGN §3): state written by the previous release opens with the code in this tree.
 *
 * The test checks PREVIOUS_RELEASE out of git into a temporary directory (node_modules linked from this checkout,
 * its pages built with its own scripts/build.mjs), starts that Worker (persisted-worker.ts) on a persisted KV +
 * Durable Object directory, and writes notes and a notepad (previous-state.ts) with that release's own crypto module
 * and wire API (previous-client.ts). It stops it, starts this tree's Worker (wrangler.toml) on the same directory, and
 * opens everything with the current clients (current-client.ts, through the SDK).
 *
 * Moving PREVIOUS_RELEASE forward, at each release (a release is what gets deployed over stored data):
 * 1. Set PREVIOUS_RELEASE to the full hash of the commit just released (`git rev-parse <tag or commit>`).
 * 2. If that release changed the wire API or its crypto module's exports, rewrite previous-client.ts (and the
 *    ReleaseCrypto type in previous-release.ts) to speak *that* release: it is the frozen writer of what is deployed.
 *    If it changed dependencies, the linked node_modules may no longer fit: install its own in materialise().
 * 3. The current side needs no change for a release; it changes with the API, in one adapter per operation.
 * 4. Run `npx vitest run --project node test/e2e/upgrade.spec.ts`. Any stored state the new code cannot read is a
 *    migration to write in the Worker, not an assertion to relax here.
 * CI needs the commit in its clone: fetch full history (actions/checkout `fetch-depth: 0`) or
 * `git fetch --depth=1 origin <PREVIOUS_RELEASE>`; without it this test fails and says so, it never skips.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NoteOutcome, noteInfo, openNote, openPad, receipt, savePad } from "./current-client";
import { type PersistedWorker, startPersistedWorker } from "./persisted-worker";
import { previousClient, type Receipt, type WrittenNote } from "./previous-client";
import { importReleaseCrypto, materialise, type Payload, REPO } from "./previous-release";
import { tricky, type Written, writeWithPreviousRelease } from "./previous-state";

/** The last landed release: "Tidy: request cap via base64UrlLength, pad idle time parsed with the rest of the save". */
const PREVIOUS_RELEASE = "5da3d62df633230ebc1058be7887c52198fc11e2";

/** Files compared as base64 strings: byte for byte, with a readable diff. */
const comparable = (p: Payload) => ({
  ...p,
  files: p.files.map((f) => ({ ...f, bytes: Buffer.from(f.bytes).toString("base64") })),
});
const opened = (note: WrittenNote, viewsLeft: number | null) => ({
  outcome: "opened",
  payload: comparable(note.payload),
  viewsLeft,
});
const asComparable = (o: NoteOutcome) => (o.outcome === "opened" ? { ...o, payload: comparable(o.payload) } : o);
/** The receipt after the deploy begins with the events the previous release recorded (new fields allowed). */
const keepsEvents = (now: Receipt, before: Receipt) =>
  expect(now.events.slice(0, before.events.length)).toMatchObject(before.events);

let work: string;
let worker: PersistedWorker | undefined;
let origin: string;
let written: Written;

beforeAll(async () => {
  // Like every e2e test, the current Worker serves ./public and imports worker/generated/: fail before the slow part.
  if (!existsSync(join(REPO, "worker/generated/pages.ts")))
    throw new Error("Build the current tree first: npm run build");
  work = mkdtempSync(join(tmpdir(), "hushnote-upgrade-"));
  const state = join(work, "state");
  const release = materialise(PREVIOUS_RELEASE, work);
  const releaseCrypto = await importReleaseCrypto(release);
  worker = await startPersistedWorker(release.config, state);
  written = await writeWithPreviousRelease(previousClient(worker.origin, releaseCrypto));
  await worker.stop();
  worker = undefined;
  worker = await startPersistedWorker(join(REPO, "wrangler.toml"), state);
  origin = worker.origin;
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  // Retries: workerd may still be closing its SQLite files in state/ just after dispose.
  if (work) rmSync(work, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

describe(`notes and notepads written by the previous release (${PREVIOUS_RELEASE.slice(0, 7)}) after a deploy`, () => {
  it("opens a link-only one-time note byte for byte, then it burns and its receipt keeps the old events", async () => {
    const note = written.oneTime;
    expect(await noteInfo(origin, note)).toEqual({ expiresAt: note.expiresAt, viewsLeft: 1 });
    expect(asComparable(await openNote(origin, note))).toEqual(opened(note, 0));
    expect(await openNote(origin, note)).toEqual({ outcome: "gone" });
    expect(await noteInfo(origin, note)).toBeNull();
    const now = await receipt(origin, note);
    expect(now).toMatchObject({
      state: "destroyed",
      reason: "burned",
      viewsLeft: 0,
      createdAt: written.receipts.oneTime.createdAt,
    });
    expect(now.events.map((e) => e.type)).toEqual(["created", "opened", "destroyed"]);
    keepsEvents(now, written.receipts.oneTime);
  });

  it("opens a 3-view note with 2 views left, then 1, and it stays live", async () => {
    const note = written.threeViews;
    expect(await noteInfo(origin, note)).toEqual({ expiresAt: note.expiresAt, viewsLeft: 3 });
    expect(asComparable(await openNote(origin, note))).toEqual(opened(note, 2));
    expect(asComparable(await openNote(origin, note))).toEqual(opened(note, 1));
    expect(await receipt(origin, note)).toMatchObject({ state: "live", viewsLeft: 1, expiresAt: note.expiresAt });
  });

  it("opens a link+password note with its password (a multi-record body with files), then it burns", async () => {
    const note = written.linkAndPassword;
    expect(await openNote(origin, note, "wrong horse")).toMatchObject({ outcome: "refused" });
    expect(asComparable(await openNote(origin, note))).toEqual(opened(note, 0));
    expect(await openNote(origin, note)).toEqual({ outcome: "gone" });
    const now = await receipt(origin, note);
    expect(now).toMatchObject({ state: "destroyed", reason: "burned" });
    keepsEvents(now, written.receipts.linkAndPassword);
  });

  it("keeps a password-only note's count of wrong passwords, then opens it (no key in its link) with 1 view left", async () => {
    const note = written.passwordOnly;
    expect(note.linkKey).toBeNull();
    // The count is the note's own (failed_proofs): a deploy must not hand a guesser fresh tries.
    expect(written.triesLeft).toBeGreaterThan(1);
    expect(await openNote(origin, note, "still wrong")).toEqual({
      outcome: "refused",
      triesLeft: written.triesLeft - 1,
    });
    expect(asComparable(await openNote(origin, note))).toEqual(opened(note, 1));
    expect(await noteInfo(origin, note)).toEqual({ expiresAt: note.expiresAt, viewsLeft: 1 });
  });

  it("opens the last view of a note read once before the deploy; the receipt shows both openings", async () => {
    const note = written.openedOnce;
    const before = written.receipts.openedOnce;
    expect(before.events.map((e) => e.type)).toEqual(["created", "opened"]);
    expect(asComparable(await openNote(origin, note))).toEqual(opened(note, 0));
    const now = await receipt(origin, note);
    expect(now).toMatchObject({
      state: "destroyed",
      reason: "burned",
      createdAt: before.createdAt,
      expiresAt: before.expiresAt,
    });
    keepsEvents(now, before);
    expect(now.events.slice(2).map((e) => e.type)).toEqual(["opened", "destroyed"]);
  });

  it("still answers 404 for a note burned before the deploy, and keeps its receipt exactly", async () => {
    const note = written.burned;
    const before = written.receipts.burned;
    expect(before).toMatchObject({ state: "destroyed", reason: "burned" });
    expect(await noteInfo(origin, note)).toBeNull();
    expect(await openNote(origin, note)).toEqual({ outcome: "gone" });
    expect(await receipt(origin, note)).toMatchObject(before);
  });

  it("opens the notepad at version 2 (tabs and files intact), saves version 3 and reopens it", async () => {
    const pad = written.pad;
    expect(pad.version).toBe(2);
    const before = await openPad(origin, pad);
    expect({ ...before, payload: comparable(before.payload) }).toEqual({
      payload: comparable(pad.payload),
      version: 2,
    });
    const text = tricky("pad v3, saved after the deploy");
    expect(await savePad(origin, pad, text, 2)).toBe(3);
    const after = await openPad(origin, pad);
    expect({ ...after, payload: comparable(after.payload) }).toEqual({
      payload: comparable({ ...pad.payload, text }),
      version: 3,
    });
  });
});
