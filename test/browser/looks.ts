/** Looks and accessibility checks shared by the page specs: axe, screenshots, no sideways scrolling. */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { ARTIFACTS } from "./browser";

const AXE = readFileSync("node_modules/axe-core/axe.min.js", "utf8");

/** Serious and critical axe violations. axe is evaluated through the DevTools protocol, which the page's CSP does not govern. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const results = await page.evaluate(() =>
    (
      window as unknown as {
        axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe.run(),
  );
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Screenshot, axe, and no horizontal scrolling at this width. */
export async function check(page: Page, name: string, label: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}/${name}-${label}.png`, fullPage: true });
  expect(await axeViolations(page), `${name} ${label}`).toEqual([]);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${name} ${label} scrolls sideways`).toBeLessThanOrEqual(0);
}

export const LOOKS = [
  { label: "light-desktop", dark: false, width: 1280 },
  { label: "dark-desktop", dark: true, width: 1280 },
  { label: "light-390", dark: false, width: 390 },
  { label: "dark-390", dark: true, width: 390 },
  { label: "light-360", dark: false, width: 360 },
];
