import { describe, expect, it } from "vitest";
import { newContext } from "./browser";
import { createNote, revealNote, shownText } from "./flows";
import { useHarness } from "./setup";

const h = useHarness();

const KB_NOTE = "0123456789abcdef".repeat(64);
const SAMPLES = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe("speed of a 1 KB note in headless Chromium (median of 5, after one warm-up)", () => {
  for (const password of [undefined, "a long enough passphrase"]) {
    it(`stays well under 5 s from Create to link and from Reveal to plaintext ${password ? "with" : "without"} a password`, async () => {
      const creates: number[] = [];
      const reveals: number[] = [];
      const context = await newContext(h.browser, h.server.origin);
      for (let i = 0; i <= SAMPLES; i++) {
        const { share, ms } = await createNote(await context.newPage(), h.server.origin, { text: KB_NOTE, password });
        const reader = await context.newPage();
        const revealed = await revealNote(reader, share, password);
        expect(await shownText(reader)).toBe(KB_NOTE);
        if (i > 0) {
          creates.push(ms);
          reveals.push(revealed.ms);
        }
      }
      await context.close();
      const label = password ? "with password (PBKDF2 600,000)" : "without password";
      console.log(
        `[figures] 1 KB note ${label}: Create→link ${median(creates)} ms, Reveal→plaintext ${median(reveals)} ms (samples ${creates.join("/")} and ${reveals.join("/")})`,
      );
      expect(median(creates)).toBeLessThan(5000);
      expect(median(reveals)).toBeLessThan(5000);
    });
  }
});
