import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeBigFile } from "./big-file";
import { newContext, watchProblems } from "./browser";
import { createNote, revealNote } from "./flows";
import { type FaultyProxy, startProxy } from "./proxy";
import { useHarness } from "./setup";

const h = useHarness();
const MIB = 1024 * 1024;
let proxy: FaultyProxy;

beforeAll(async () => {
  proxy = await startProxy(h.server.origin);
});
afterAll(() => proxy?.stop());

const api = (path: string, token?: string) =>
  fetch(`${h.server.origin}${path}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});

describe("interrupted and cancelled transfers", () => {
  it("resumes a one-time note's download cut off half-way, through the grant, without using another view", async () => {
    const bytes = randomBytes(3 * MIB);
    const creator = await (await newContext(h.browser, proxy.origin)).newPage();
    const { share, manage } = await createNote(creator, proxy.origin, {
      text: "cut me",
      files: [{ name: "cut.bin", mimeType: "application/octet-stream", buffer: bytes }],
    });
    const [id, token] = [share.split("/n/")[1]!.split("#")[0]!, manage.split("#")[1]!];
    const { size } = (await (await api(`/api/notes/${id}`)).json()) as { size: number };
    const half = Math.floor(size / 2);
    proxy.fault({ kind: "cut", after: half });

    const reader = await (await newContext(h.browser, proxy.origin)).newPage();
    const problems = watchProblems(reader);
    await revealNote(reader, share);
    await expect(reader.locator("#secret-text").textContent()).resolves.toBe("cut me");
    const [file] = await Promise.all([
      reader.waitForEvent("download"),
      reader.getByRole("link", { name: /^Download cut\.bin/ }).click(),
    ]);
    expect(readFileSync((await file.path())!).equals(bytes)).toBe(true);
    // The first answer broke at `half`; the rest came by the grant from where it broke (the browser may have had a
    // little less than was sent), and the reader then said it was done.
    const ranged = proxy.seen.filter((line) => line.startsWith(`GET /api/notes/${id}/body`));
    expect(ranged, proxy.seen.join("\n")).toHaveLength(1);
    const from = Number(/bytes=(\d+)-$/.exec(ranged[0]!)?.[1]);
    expect(from).toBeGreaterThan(0);
    expect(from).toBeLessThanOrEqual(half);
    expect(proxy.seen).toContain(`DELETE /api/notes/${id}/body`);
    expect(proxy.seen.filter((line) => line === `POST /api/notes/${id}/open`)).toHaveLength(1);

    const receipt = (await (await api(`/api/notes/${id}/receipt`, token)).json()) as {
      state: string;
      events: { type: string }[];
    };
    expect(receipt.state).toBe("destroyed");
    expect(receipt.events.filter((e) => e.type === "opened")).toHaveLength(1);
    expect((await api(`/api/notes/${id}`)).status).toBe(404);
    expect(problems.filter((p) => !/ERR_|net::/.test(p))).toEqual([]);
  });

  it("cancel during an upload stops it and deletes the note: nothing is left to open", async () => {
    const page = await (await newContext(h.browser, h.server.origin)).newPage();
    const problems = watchProblems(page);
    let held: () => void = () => {};
    const partOneAsked = new Promise<void>((resolve) => {
      held = resolve;
    });
    // Part 0 is stored; part 1 is held on the wire until the person has pressed Cancel.
    await page.route("**/api/notes/*/parts/1", async (route) => {
      held();
      // A request still held when the test ends (the page closing) must not fail the run after the test has passed.
      await page
        .locator("#status", { hasText: "Cancelled" })
        .waitFor()
        .catch(() => {});
      await route.abort().catch(() => {});
    });
    await page.goto(`${h.server.origin}/`);
    await page.waitForFunction(() => (document.getElementById("expiry") as HTMLSelectElement).options.length > 0);
    await page.getByLabel("Secret text").fill("never mind");
    const file = writeBigFile("two-parts.bin", 30);
    await page.locator("#files").setInputFiles(file.path);
    const created = page.waitForResponse(
      (response) => response.request().method() === "POST" && response.url().endsWith("/api/notes"),
    );
    await page.getByRole("button", { name: "Create secret link" }).click();
    const { id, manageToken, parts } = (await (await created).json()) as {
      id: string;
      manageToken: string;
      parts: number[];
    };
    expect(parts).toHaveLength(2);
    await partOneAsked;
    await expect(page.locator("#progress-bar").getAttribute("value")).resolves.not.toBeNull();
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.locator("#status", { hasText: "Cancelled. Nothing was kept on the server." }).waitFor();
    await expect(page.locator("#result").isHidden()).resolves.toBe(true);
    await expect(page.getByRole("button", { name: "Create secret link" }).isEnabled()).resolves.toBe(true);

    expect((await api(`/api/notes/${id}`)).status).toBe(404);
    const receipt = (await (await api(`/api/notes/${id}/receipt`, manageToken)).json()) as {
      state: string;
      reason: string;
    };
    expect(receipt).toMatchObject({ state: "destroyed", reason: "deleted" });
    file.remove();
    expect(problems.filter((p) => !/ERR_|net::/.test(p))).toEqual([]);
  });
});
