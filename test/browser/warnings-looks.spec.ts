import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newContext, watchProblems } from "./browser";
import { createNote } from "./flows";
import { alterPadStatus, fakeV2Pad, withOtherSalt } from "./hostile";
import { check, LOOKS } from "./looks";
import { createPad, padView } from "./pad-flows";
import { useHarness } from "./setup";

// What a person sees when the pages refuse or warn: screenshots (test-artifacts/), axe, no sideways scrolling.
const h = useHarness();
const PASSWORD = "correct horse battery staple";

describe("warnings and refusals: accessibility and looks", () => {
  for (const look of LOOKS.filter((l) => l.label !== "light-360")) {
    it(`has no serious or critical axe violations (${look.label}), screenshots saved, no CSP violation`, async () => {
      const context = await newContext(h.browser, h.server.origin, look);
      const problems: string[] = [];
      const fresh = async (): Promise<Page> => {
        const p = await context.newPage();
        problems.push(...watchProblems(p));
        return p;
      };
      const [a, b] = [`looks-a-${look.label}`, `looks-b-${look.label}`];
      await createPad(await fresh(), h.server.origin, a, PASSWORD);
      await createPad(await fresh(), h.server.origin, b, PASSWORD);

      const changed = await fresh();
      await alterPadStatus(changed, a, (status) => ({ ...status, header: withOtherSalt(status.header) }));
      await changed.goto(`${h.server.origin}/p/${a}`);
      expect(await padView(changed)).toBe("changed");
      await check(changed, "pad-changed", look.label);
      await changed.getByRole("button", { name: "Stop here" }).click();
      await check(changed, "pad-stopped", look.label);

      const swapped = await fresh();
      const bStatus = await (await fetch(`${h.server.origin}/api/pads/${b}`)).json();
      await alterPadStatus(swapped, a, () => bStatus);
      await swapped.goto(`${h.server.origin}/p/${a}`);
      expect(await padView(swapped)).toBe("unavailable");
      await check(swapped, "pad-not-asked-for", look.label);

      const rolled = await fresh();
      const server = await fakeV2Pad(rolled, `looks-old-${look.label}`, PASSWORD, 3);
      await rolled.goto(`${h.server.origin}/p/looks-old-${look.label}`);
      await rolled.locator("#locked").getByLabel("Password", { exact: true }).fill(PASSWORD);
      await rolled.getByRole("button", { name: "Open", exact: true }).click();
      await rolled.locator("#editor:not([hidden])").waitFor({ timeout: 30_000 });
      server.serve(1);
      await rolled.reload();
      await rolled.locator("#locked").getByLabel("Password", { exact: true }).fill(PASSWORD);
      await rolled.getByRole("button", { name: "Open", exact: true }).click();
      await rolled.locator("#unavailable:not([hidden])").waitFor({ timeout: 30_000 });
      await check(rolled, "pad-rollback", look.label);

      const unrepresentable = await fresh();
      await unrepresentable.goto(`${h.server.origin}/p/日記 2024`);
      expect(await padView(unrepresentable)).toBe("unavailable");
      await check(unrepresentable, "pad-unrepresentable", look.label);

      const { share } = await createNote(await fresh(), h.server.origin, {
        text: "looks",
        password: "a long enough passphrase",
        views: 2,
      });
      const note = await fresh();
      await note.goto(share);
      await note.locator("#about:not([hidden])").waitFor();
      expect(note.url()).not.toContain("#");
      await check(note, "note-fragment-removed", look.label);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
