/** Notepad addresses (/p/<slug>): normal forms, reserved names, and names that have no safe normal form. */
import { describe, expect, it } from "vitest";
import { padView } from "./pad-flows";
import { usePadHarness } from "./pad-setup";

const { h, page } = usePadHarness("pad");

describe("notepad addresses (/p/<slug>)", () => {
  it("redirects a non-normal address to its normal form and answers a reserved one with a 404 that says why", async () => {
    const moved = await fetch(`${h.server.origin}/p/Mark's%20Notes`, { redirect: "manual" });
    expect(moved.status).toBe(301);
    expect(moved.headers.get("Location")).toBe("/p/mark-s-notes");
    const reserved = await fetch(`${h.server.origin}/p/api`);
    expect(reserved.status).toBe(404);
    const p = await page();
    await p.goto(`${h.server.origin}/p/Mark's Notes`);
    expect(new URL(p.url()).pathname).toBe("/p/mark-s-notes");
    expect(await padView(p)).toBe("free");
    await p.goto(`${h.server.origin}/p/api`);
    expect(await padView(p)).toBe("unavailable");
    await expect(p.locator("#unavailable-text").textContent()).resolves.toMatch(/name this site uses itself/);
  });

  it("takes a person to /p/creme for “crème”, but never from “日記 2024” to the shared /p/2024: it says why instead", async () => {
    const p = await page();
    await p.goto(`${h.server.origin}/p/crème`);
    expect(new URL(p.url()).pathname).toBe("/p/creme");
    expect(await padView(p)).toBe("free");
    await p.goto(`${h.server.origin}/p/日記 2024`);
    expect(await padView(p)).toBe("unavailable");
    expect(new URL(p.url()).pathname).not.toBe("/p/2024");
    await expect(p.locator("#unavailable-text").textContent()).resolves.toMatch(/日記 2024.*cannot hold \(日 記\)/);
  });
});
