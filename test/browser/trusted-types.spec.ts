import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newContext, watchProblems } from "./browser";
import { createNote, revealNote, shownText } from "./flows";
import { createPad, waitSaved } from "./pad-flows";
import { useHarness } from "./setup";

// require-trusted-types-for 'script': no string reaches an HTML or script-URL sink except through a named policy.
const h = useHarness();

const PAGES = [
  { route: "/", path: "/", policies: "hushnote htmx" },
  { route: "/n/:id", path: "/n/AAAAAAAAAAAAAAAAAAAAAA", policies: "hushnote" },
  { route: "/m/:id", path: "/m/AAAAAAAAAAAAAAAAAAAAAA", policies: "htmx" },
  { route: "/p/:slug", path: "/p/trusted-types", policies: "hushnote dompurify" },
  { route: "/request", path: "/request", policies: "hushnote htmx" },
  { route: "/q/:id", path: "/q/AAAAAAAAAAAAAAAAAAAAAA", policies: "hushnote htmx" },
  // The answer page inserts no markup and starts no worker: it may create no policy at all.
  { route: "/r/:id", path: "/r/AAAAAAAAAAAAAAAAAAAAAA", policies: "'none'" },
];

/** What happens when page script hands a sink a plain string, as injected code would. */
const attempts = (p: Page) =>
  p.evaluate(() => {
    const outcome = (act: () => void) => {
      try {
        act();
        return "allowed";
      } catch (error) {
        return (error as Error).name;
      }
    };
    const tt = (window as unknown as { trustedTypes: { createPolicy(name: string, rules: object): unknown } })
      .trustedTypes;
    return {
      innerHTML: outcome(() => {
        document.createElement("div").innerHTML = "<img src=x>";
      }),
      domParser: outcome(() => new DOMParser().parseFromString("<b>x</b>", "text/html")),
      worker: outcome(() => new Worker("data:text/javascript,1")),
      policy: outcome(() => tt.createPolicy("attacker", { createHTML: (s: string) => s })),
    };
  });

describe("Trusted Types", () => {
  for (const page of PAGES) {
    it(`${page.route}: the CSP requires Trusted Types and names only the page's own policies; plain strings are refused at every sink`, async () => {
      const response = await fetch(`${h.server.origin}${page.path}`);
      const directives = (response.headers.get("Content-Security-Policy") ?? "").split(";").map((d) => d.trim());
      expect(directives).toContain("require-trusted-types-for 'script'");
      expect(directives).toContain(`trusted-types ${page.policies}`);
      const p = await (await newContext(h.browser, h.server.origin)).newPage();
      await p.goto(`${h.server.origin}${page.path}`);
      expect(await attempts(p)).toEqual({
        innerHTML: "TypeError",
        domParser: "TypeError",
        worker: "TypeError",
        policy: "TypeError",
      });
    });
  }

  it("runs every flow that uses a sink (QR code, htmx fragments, crypto worker, Markdown preview) with no violation", async () => {
    const context = await newContext(h.browser, h.server.origin);
    const problems: string[] = [];
    const watched = async () => {
      const p = await context.newPage();
      problems.push(...watchProblems(p));
      return p;
    };
    const creator = await watched();
    const { share, manage } = await createNote(creator, h.server.origin, { text: "tt", views: 2 });
    await creator.locator("#qr svg path").waitFor();
    // htmx swapped the limits fragment in (the form, and the limits with it, is hidden once the link is shown).
    await creator.locator("#limits", { hasText: "per note" }).waitFor({ state: "attached" });
    const reader = await watched();
    await revealNote(reader, share);
    expect(await shownText(reader)).toBe("tt");
    const manager = await watched();
    await manager.goto(manage);
    await expect(manager.locator("#receipt .state").textContent()).resolves.toBe("Opened once.");
    const pad = await watched();
    await createPad(pad, h.server.origin, "trusted-types-flow", "correct horse battery staple");
    await pad.locator("#text").fill("# Title\n\n**bold** [link](https://example.com)");
    await pad.getByRole("button", { name: "Preview" }).click();
    await expect(pad.locator("#preview h1").textContent()).resolves.toBe("Title");
    await waitSaved(pad);
    expect(problems).toEqual([]);
  });
});
