import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { PAGE_ROUTES } from "../../worker/generated/pages";
import { ORIGIN } from "./helpers";

const get = (path: string) => exports.default.fetch(new Request(ORIGIN + path, { redirect: "manual" }));

describe("notepad addresses people can trust (/p/:slug)", () => {
  it.each([
    ["/p/cr%C3%A8me", "/p/creme"],
    ["/p/Cre%CC%80me%20Br%C3%BBl%C3%A9e", "/p/creme-brulee"],
  ])("strips accents: %s redirects to %s", async (path, location) => {
    const response = await get(path);
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe(location);
  });

  it.each([
    ["/p/%E6%97%A5%E8%A8%98%202024", "日記 2024 would have become /p/2024"],
    ["/p/%D0%9C%D0%BE%D0%B9-%D0%B1%D0%BB%D0%BE%D0%BA%D0%BD%D0%BE%D1%82", "a Cyrillic name would have vanished"],
    ["/p/stra%C3%9Fe", "straße would have become /p/stra-e"],
  ])("answers %s with 404 and the notepad page, never a redirect to a shorter address (%s)", async (path) => {
    const response = await get(path);
    expect(response.status).toBe(404);
    expect(response.headers.get("location")).toBeNull();
    expect(response.headers.get("content-security-policy")).toBe(PAGE_ROUTES["/p/:slug"]!.csp);
  });
});
