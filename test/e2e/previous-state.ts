/** The state the upgrade test writes with the previous release before the deploy: each kind of note and a notepad. */
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { PreviousClient, Receipt, WrittenNote, WrittenPad } from "./previous-client";

/** Text that a lossy step would change: CRLF, a combining accent (not NFC), astral emoji, NUL, trailing spaces. */
export const tricky = (label: string) => `${label}: línea 1\r\nZeile 2 — ✓ 🗝️ cafe\u0301 \u0000 tab\there  `;
const file = (name: string, size: number) => ({
  name,
  type: "application/octet-stream",
  bytes: new Uint8Array(randomBytes(size)),
});

export interface Written {
  oneTime: WrittenNote;
  threeViews: WrittenNote;
  linkAndPassword: WrittenNote;
  passwordOnly: WrittenNote;
  openedOnce: WrittenNote;
  burned: WrittenNote;
  pad: WrittenPad;
  /** Receipts as the previous release showed them just before it stopped. */
  receipts: Record<"oneTime" | "linkAndPassword" | "openedOnce" | "burned", Receipt>;
  /** The password-only note's triesLeft after one wrong password under the previous release. */
  triesLeft: number;
}

/** Everything the previous release's users could have stored: each kind of note, opened and burned ones, a notepad. */
export async function writeWithPreviousRelease(client: PreviousClient): Promise<Written> {
  const ttl = 86400;
  const oneTime = await client.createNote({ text: tricky("one-time"), tabs: [], files: [] }, { views: 1, ttl });
  const threeViews = await client.createNote(
    { text: tricky("three views"), tabs: [{ title: "Tab ✓", text: "second tab" }], files: [] },
    { views: 3, ttl: 604800 },
  );
  // 150 kB: a body of several 64 KiB records.
  const linkAndPassword = await client.createNote(
    { text: tricky("link+password"), tabs: [], files: [file("key.bin", 150_000), file("empty", 0)] },
    { views: 1, ttl, password: "correct horse battery staple" },
  );
  const passwordOnly = await client.createNote(
    { text: tricky("password-only"), tabs: [], files: [] },
    { views: 2, ttl, password: "pässwörd only", passwordOnly: true },
  );
  const openedOnce = await client.createNote(
    { text: tricky("opened once"), tabs: [], files: [file("a.bin", 1000)] },
    { views: 2, ttl },
  );
  const burned = await client.createNote({ text: tricky("burned"), tabs: [], files: [] }, { views: 1, ttl });

  const triesLeft = await client.wrongPassword(passwordOnly, "wrong horse");
  expect(await client.openNote(openedOnce)).toEqual({ payload: openedOnce.payload, viewsLeft: 1 });
  expect(await client.openNote(burned)).toEqual({ payload: burned.payload, viewsLeft: 0 });

  const created = await client.createPad("upgrade-pad", "pad pässword", {
    text: tricky("pad v1"),
    tabs: [{ title: "todo", text: "- [ ] x" }],
    files: [file("pad.bin", 70_000)],
  });
  const pad = await client.savePad(created, { ...created.payload, text: tricky("pad v2") });

  const receipts = {
    oneTime: await client.receipt(oneTime),
    linkAndPassword: await client.receipt(linkAndPassword),
    openedOnce: await client.receipt(openedOnce),
    burned: await client.receipt(burned),
  };
  return { oneTime, threeViews, linkAndPassword, passwordOnly, openedOnce, burned, pad, receipts, triesLeft };
}
