/**
 * A person typing in a notepad while a save's answer is lost: the Worker stored the version, the page never heard,
 * and its retry (the same saveId) must end "saved" at that version, not in a "changed elsewhere" conflict.
 */
import { describe, expect, it } from "vitest";
import { watchProblems } from "./browser";
import { createPad, openPad, waitSaved } from "./pad-flows";
import { unexpected, useRecovery, watchStates } from "./recovery-setup";

const r = useRecovery();
const PASSWORD = "correct horse battery staple";
let counter = 0;
const freshSlug = () => `recovery-${process.pid}-${++counter}`;

describe("the notepad page when a save's answer is lost", () => {
  it("ends saved at the next version without a false conflict, and a reopen shows that text", async () => {
    const slug = freshSlug();
    const writer = await r.page();
    const problems = watchProblems(writer);
    const states = await watchStates(writer, "#save-state");
    await createPad(writer, r.origin, slug, PASSWORD);
    expect(await waitSaved(writer)).toBe(1);

    r.proxy.passed.length = 0;
    r.proxy.fault({ kind: "lose", method: "PUT", path: new RegExp(`^/api/pads/${slug}$`), times: 2 });
    await writer.locator("#text").fill("stored while the answer was lost");
    expect(await waitSaved(writer)).toBe(2);

    const saves = r.proxy.passed.filter((p) => p.method === "PUT");
    expect(saves.map((s) => [s.workerStatus, s.clientGot])).toEqual([
      [200, "reset"],
      [200, "reset"],
      [200, 200],
    ]);
    // One saveId: the Worker knew the repeat as the save it had already made, and stored nothing twice.
    expect(new Set(saves.map((s) => s.key)).size).toBe(1);
    expect(saves[0]!.key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await states()).not.toContain("conflict");
    expect((await (await fetch(`${r.direct}/api/pads/${slug}`)).json()).version).toBe(2);

    const reader = await r.page();
    expect((await openPad(reader, r.origin, slug, PASSWORD)).result).toBe("editor");
    expect(await reader.locator("#text").inputValue()).toBe("stored while the answer was lost");
    expect(await waitSaved(reader)).toBe(2);
    expect(unexpected(problems)).toEqual([]);
  });

  it("sends a save whose every answer was lost again as it was before newer edits, so no false conflict", async () => {
    const slug = freshSlug();
    const writer = await r.page();
    const states = await watchStates(writer, "#save-state");
    await createPad(writer, r.origin, slug, PASSWORD);
    expect(await waitSaved(writer)).toBe(1);

    r.proxy.passed.length = 0;
    r.proxy.fault({ kind: "lose", method: "PUT", path: new RegExp(`^/api/pads/${slug}$`), times: 1000 });
    await writer.locator("#text").fill("stored, never acknowledged");
    await writer.locator('#save-state[data-state="error"]').waitFor({ timeout: 60_000 });
    expect((await (await fetch(`${r.direct}/api/pads/${slug}`)).json()).version).toBe(2);
    await writer.locator("#text").fill("typed while the server seemed gone");
    r.proxy.heal();
    expect(await waitSaved(writer)).toBe(3);
    expect(await states()).not.toContain("conflict");

    const saves = r.proxy.passed.filter((p) => p.method === "PUT");
    // The lost save's one saveId on all its tries and its resend, then one new save on top.
    expect(new Set(saves.slice(0, -1).map((s) => s.key)).size).toBe(1);
    expect(saves.at(-1)!.key).not.toBe(saves[0]!.key);
    const reader = await r.page();
    expect((await openPad(reader, r.origin, slug, PASSWORD)).result).toBe("editor");
    expect(await reader.locator("#text").inputValue()).toBe("typed while the server seemed gone");
  });

  it("creates a notepad whose first save's answer is lost, and keeps typing on top of it", async () => {
    const slug = freshSlug();
    const writer = await r.page();
    const states = await watchStates(writer, "#save-state");
    r.proxy.fault({ kind: "lose", method: "PUT", path: new RegExp(`^/api/pads/${slug}$`), times: 1 });
    await createPad(writer, r.origin, slug, PASSWORD);
    expect(await waitSaved(writer)).toBe(1);
    await writer.locator("#text").fill("after a lost create");
    expect(await waitSaved(writer)).toBe(2);
    expect(await states()).not.toContain("conflict");

    const reader = await r.page();
    expect((await openPad(reader, r.origin, slug, PASSWORD)).result).toBe("editor");
    expect(await reader.locator("#text").inputValue()).toBe("after a lost create");
  });
});
