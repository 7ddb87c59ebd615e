/** The notepad page's device credential: kept when handed out, sent with every request, forgotten on delete. */
import { randomBytes } from "node:crypto";
import type { Request } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newContext } from "./browser";
import { sentDevice } from "./hostile";
import { createPad, openPad, waitSaved } from "./pad-flows";
import { PASSWORD, usePadHarness } from "./pad-setup";

const { h, freshSlug } = usePadHarness("trust");

/** The request as the page sent it, minus its device credential (in a JSON body or a Hushnote-Save header). */
function withoutDevice(request: Request): { headers: Record<string, string>; postData?: string | Buffer } {
  const headers = { ...request.headers() };
  delete headers["hushnote-device"];
  const save = headers["hushnote-save"];
  if (save) {
    const { device: _sent, ...fields } = JSON.parse(save);
    headers["hushnote-save"] = JSON.stringify(fields);
    return { headers, postData: request.postDataBuffer() ?? undefined };
  }
  const body = JSON.parse(request.postData() ?? "{}");
  delete body.device;
  return { headers, postData: JSON.stringify(body) };
}

describe("notepad page: device credential", () => {
  it("keeps the credential the server hands out, sends it on every open, save and delete, and forgets it on delete", async () => {
    const slug = freshSlug();
    const context = await newContext(h.browser, h.server.origin);
    await createPad(await context.newPage(), h.server.origin, slug, PASSWORD);
    const credential = randomBytes(48).toString("base64url");
    const p = await context.newPage();
    const sent: { what: string; device: string | undefined }[] = [];
    // Hands out this credential on open, notes what each request carries, and passes them on without it.
    await p.route(`**/api/pads/${slug}**`, async (route, request: Request) => {
      if (request.method() === "GET") return route.fallback();
      sent.push({ what: `${request.method()} ${new URL(request.url()).pathname}`, device: sentDevice(request) });
      const response = await route.fetch(withoutDevice(request));
      // Opening hands out ours; the real server's own (it gives one to a request without a known one) is held back.
      const open = response.headers()["hushnote-open"];
      if (open) {
        const { device: _real, ...meta } = JSON.parse(open);
        const headers = { ...response.headers(), "hushnote-open": JSON.stringify({ ...meta, device: credential }) };
        return route.fulfill({ response, headers });
      }
      const json = await response.json().catch(() => null);
      if (!json) return route.fulfill({ response });
      const { device: _real, ...rest } = json;
      await route.fulfill({ response, json: rest });
    });
    const stored = () =>
      p.evaluate(
        (key) => JSON.parse(localStorage.getItem(key) ?? "{}").device ?? null,
        `hushnote:pad:${h.server.origin}/p/${slug}`,
      );
    expect((await openPad(p, h.server.origin, slug, PASSWORD)).result).toBe("editor");
    expect(await stored()).toBe(credential);
    await p.locator("#text").fill("saved with the credential");
    await waitSaved(p);
    expect((await openPad(p, h.server.origin, slug, PASSWORD)).result).toBe("editor");
    await p.getByText("Delete this notepad", { exact: true }).click();
    await p.getByRole("button", { name: "Delete this notepad…" }).click();
    await p.getByRole("button", { name: "Yes, delete it" }).click();
    await p.locator("#unavailable:not([hidden])").waitFor();
    expect(sent.map((s) => s.what)).toEqual([
      `POST /api/pads/${slug}/open`,
      `PUT /api/pads/${slug}`,
      `POST /api/pads/${slug}/open`,
      `DELETE /api/pads/${slug}`,
    ]);
    // The first open carried the real credential this server handed out when the pad was created; every later one ours.
    expect(sent[0]!.device).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(sent.slice(1).map((s) => s.device)).toEqual([credential, credential, credential]);
    expect(await stored()).toBeNull();
  });
});
