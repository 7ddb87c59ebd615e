import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newContext } from "./browser";
import { createPad, openPad, openPadBytes, padView, putSealedPad, recordPuts, waitSaved } from "./pad-flows";
import { useHarness } from "./setup";

// Password change, wrong passwords and their wait, KDF upgrade, re-key and delete: the notepad's key lifecycle.
const h = useHarness();
let counter = 0;
const freshSlug = () => `pad-${process.pid}-${++counter}`;
const PASSWORD = "correct horse battery staple";
const NEW_PASSWORD = "a brand new passphrase";

async function page(): Promise<Page> {
  return (await newContext(h.browser, h.server.origin)).newPage();
}

async function type(p: Page, text: string): Promise<void> {
  await p.locator("#text").fill(text);
}

describe("notepad page: passwords and keys", () => {
  it("changes the password by re-keying: a fresh wrapped key and the body re-encrypted; the old password and the old wrapped key read nothing saved afterwards", async () => {
    const slug = freshSlug();
    const p = await page();
    await createPad(p, h.server.origin, slug, PASSWORD);
    const puts = recordPuts(p);
    await type(p, "before the change");
    await waitSaved(p);
    const before = await puts.last();
    const oldHeader = (await (await fetch(`${h.server.origin}/api/pads/${slug}`)).json()).header;
    await p.locator("summary", { hasText: "Change the password" }).click();
    await p.locator("#change-password").getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await p.getByLabel("Repeat the new password").fill(NEW_PASSWORD);
    await p.getByRole("button", { name: "Change the password" }).click();
    await p.locator("#status", { hasText: "Password changed" }).waitFor();
    const sent = await puts.last();
    // A re-key: header, fresh wrapped key, verifier and the re-encrypted body, authorised by the old proof.
    expect(
      Object.keys(sent)
        .filter((k) => k !== "device")
        .sort(),
    ).toEqual(["body", "header", "proof", "saveId", "verifier", "version", "wrappedKey"]);
    expect(sent.wrappedKey).not.toBe(before.wrappedKey);
    // Each save names itself, so that its retries are recognised as that save.
    expect(sent.saveId).not.toBe(before.saveId);
    expect(sent.proof).toBe(before.proof);

    const other = await page();
    expect((await openPad(other, h.server.origin, slug, PASSWORD)).result).toMatch(/wrong/);
    expect((await openPad(other, h.server.origin, slug, NEW_PASSWORD)).result).toBe("editor");
    expect(await other.locator("#text").inputValue()).toBe("before the change");
    // The first tab keeps saving with the new keys.
    await type(p, "after the change");
    await waitSaved(p);
    await openPad(other, h.server.origin, slug, NEW_PASSWORD);
    expect(await other.locator("#text").inputValue()).toBe("after the change");

    // Someone who kept the old password and the old wrapped key gets the new body (say, from a copy of storage): it does not open.
    const { decrypt, unlock } = await import("../../crypto/index");
    const status = await (await fetch(`${h.server.origin}/api/pads/${slug}`)).json();
    const current = await unlock(status.header, { password: NEW_PASSWORD }, { expect: { kind: "pad", id: slug } });
    const opened = await openPadBytes(h.server.origin, slug, current.proof);
    const newBody = opened.body;
    await expect(decrypt(current, opened.wrappedKey, newBody)).resolves.toMatchObject({ text: "after the change" });
    const old = await unlock(oldHeader, { password: PASSWORD }, { expect: { kind: "pad", id: slug } });
    await expect(decrypt(old, before.wrappedKey, newBody)).rejects.toThrow();
  });

  it("says a password is wrong after a reload, then opens with the right one", async () => {
    const slug = freshSlug();
    const p = await page();
    await createPad(p, h.server.origin, slug, PASSWORD);
    await type(p, "kept safe");
    await waitSaved(p);
    await p.reload();
    expect((await openPad(p, h.server.origin, slug, "not the password")).result).toBe("That password is wrong.");
    expect((await openPad(p, h.server.origin, slug, PASSWORD)).result).toBe("editor");
    expect(await p.locator("#text").inputValue()).toBe("kept safe");
  });

  it("shows the server's wait after repeated wrong passwords and keeps Open disabled until it is over", async () => {
    const slug = freshSlug();
    const p = await page();
    await createPad(p, h.server.origin, slug, PASSWORD);
    await p.reload();
    await padView(p);
    const results: string[] = [];
    for (let i = 0; i < 6; i++) results.push((await openPad(p, h.server.origin, slug, `wrong ${i}`)).result);
    expect(results.slice(0, 5)).toEqual(Array(5).fill("That password is wrong."));
    // The sixth wrong proof starts a 1 s wait (docs/API.md): said on the page, and Open is disabled meanwhile.
    expect(results[5]).toMatch(/^That password is wrong\. The next try is possible in 1 s\.$/);
    expect(await p.getByRole("button", { name: "Open", exact: true }).isDisabled()).toBe(true);
    await p.locator("#open-error", { hasText: "You can try again now." }).waitFor({ timeout: 5_000 });
    expect(await p.getByRole("button", { name: "Open", exact: true }).isEnabled()).toBe(true);
    await p.locator("#locked").getByLabel("Password", { exact: true }).fill(PASSWORD);
    await p.getByRole("button", { name: "Open", exact: true }).click();
    await p.locator("#editor:not([hidden])").waitFor();
  });

  it("upgrades a pad stored with fewer PBKDF2 rounds than the server default on its next save", async () => {
    const slug = freshSlug();
    const { seal } = await import("../../crypto/index");
    const sealed = await seal(
      { text: "old pad", tabs: [], files: [] },
      {
        kind: "pad",
        id: slug,
        views: null,
        ttl: null,
        linkKey: null,
        password: PASSWORD,
        iterations: 310_000,
        version: 1,
      },
    );
    const created = await putSealedPad(h.server.origin, slug, sealed);
    expect(created.status).toBe(200);
    const iterations = async () =>
      JSON.parse(
        Buffer.from((await (await fetch(`${h.server.origin}/api/pads/${slug}`)).json()).header, "base64url").toString(),
      ).kdf.iterations;
    const p = await page();
    await openPad(p, h.server.origin, slug, PASSWORD);
    await expect(p.locator("#kdf-note").textContent()).resolves.toMatch(/310,000 .*next save upgrades it/);
    expect(await iterations()).toBe(310_000);
    await type(p, "old pad, saved again");
    await waitSaved(p);
    expect(await iterations()).toBe(600_000);
    const other = await page();
    await openPad(other, h.server.origin, slug, PASSWORD);
    expect(await other.locator("#text").inputValue()).toBe("old pad, saved again");
  });

  it("re-encrypts under a fresh key, and deletes only after confirmation", async () => {
    const slug = freshSlug();
    const p = await page();
    await createPad(p, h.server.origin, slug, PASSWORD);
    // The pad keeps its salt (other browsers remember it), so the header may stay the same; the wrapped data key is new.
    const puts = recordPuts(p);
    await type(p, "rekey me");
    await waitSaved(p);
    const before = await puts.last();
    await p.getByText("Re-encrypt with a fresh key").click();
    await p.getByRole("button", { name: "Re-encrypt now" }).click();
    await p.locator("#status", { hasText: "Re-encrypted" }).waitFor();
    const sent = await puts.last();
    expect(sent.wrappedKey).not.toBe(before.wrappedKey);
    expect(sent.verifier).toBeDefined();
    const other = await page();
    await openPad(other, h.server.origin, slug, PASSWORD);
    expect(await other.locator("#text").inputValue()).toBe("rekey me");

    await p.getByText("Delete this notepad", { exact: true }).click();
    await p.getByRole("button", { name: "Delete this notepad…" }).click();
    expect((await fetch(`${h.server.origin}/api/pads/${slug}`)).status).toBe(200);
    await p.getByRole("button", { name: "Yes, delete it" }).click();
    await p.locator("#unavailable:not([hidden])").waitFor();
    expect((await fetch(`${h.server.origin}/api/pads/${slug}`)).status).toBe(404);
  });
});
