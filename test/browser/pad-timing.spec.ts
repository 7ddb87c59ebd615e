import { describe, expect, it } from "vitest";
import { seal } from "../../crypto/index";
import { newContext } from "./browser";
import { openPad, putSealedPad, waitSaved } from "./pad-flows";
import { useHarness } from "./setup";

const h = useHarness();
const PASSWORD = "correct horse battery staple";
const LINE = "All work and no play makes a 1 MiB notepad. 0123456789\n";
const MIB_TEXT = LINE.repeat(Math.ceil(2 ** 20 / LINE.length)).slice(0, 2 ** 20);
const SAMPLES = 3;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe("speed of a 1 MiB notepad in headless Chromium (median of 3, after one warm-up)", () => {
  it("records how long opening (PBKDF2 600,000 + download + decrypt) and saving (encrypt + upload) take", async () => {
    const slug = "one-mebibyte";
    const sealed = await seal(
      { text: MIB_TEXT, tabs: [], files: [] },
      { kind: "pad", id: slug, views: null, ttl: null, linkKey: null, password: PASSWORD, iterations: 600_000 },
    );
    const created = await putSealedPad(h.server.origin, slug, sealed);
    expect(created.status).toBe(200);
    const context = await newContext(h.browser, h.server.origin);
    const opens: number[] = [];
    const saves: number[] = [];
    for (let i = 0; i <= SAMPLES; i++) {
      const page = await context.newPage();
      const opened = await openPad(page, h.server.origin, slug, PASSWORD);
      expect(opened.result).toBe("editor");
      expect(await page.locator("#text").evaluate((area: HTMLTextAreaElement) => area.value.length)).toBe(2 ** 20 + i);
      await page.locator("#text").focus();
      await page.keyboard.press("Control+End");
      await page.keyboard.type("x");
      const started = Date.now();
      await page.keyboard.press("Control+s");
      await waitSaved(page);
      if (i > 0) {
        opens.push(opened.ms);
        saves.push(Date.now() - started);
      }
      await page.close();
    }
    await context.close();
    console.log(
      `[figures] 1 MiB notepad: Open→editor ${median(opens)} ms, Ctrl+S→saved ${median(saves)} ms (samples ${opens.join("/")} and ${saves.join("/")})`,
    );
    // Generous bounds that still catch a pathological regression (e.g. a quadratic encoder).
    expect(median(opens)).toBeLessThan(10_000);
    expect(median(saves)).toBeLessThan(10_000);
  });
});
