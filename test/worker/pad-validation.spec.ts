/** Notepad requests refused at the edge: bad addresses, headers not for this pad, fields that do not go together. */
import { describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "../../crypto/base64url";
import { call, encodeJson, randomBytes } from "./helpers";
import { createPad, freshSlug, padBodyKeys, padKeys, putPad } from "./pad-helpers";

describe("notepad validation", () => {
  it.each([["Upper"], ["a--b"], ["-a"], ["api"], ["well-known"], ["x".repeat(65)], ["caf%C3%A9"]])(
    "refuses the address %s with 400",
    async (slug) => {
      expect((await call("GET", `/api/pads/${slug}`)).status).toBe(400);
    },
  );

  it("refuses headers that are not a password-only pad header for this address", async () => {
    const slug = freshSlug();
    const keys = await padKeys(slug);
    const body = randomBytes(200);
    const json = (header: Record<string, unknown>) => ({
      version: 0,
      header: toBase64Url(new TextEncoder().encode(JSON.stringify(header))),
      wrappedKey: keys.wrappedKey,
      verifier: keys.verifier,
      body,
    });
    const base = JSON.parse(atob(keys.header.replace(/-/g, "+").replace(/_/g, "/")));
    for (const header of [
      { ...base, kind: "note" },
      { ...base, id: "other" },
      { ...base, link: true },
      { ...base, kdf: null },
      { ...base, views: 1 },
    ]) {
      const response = await putPad(slug, json(header));
      expect(response.status).toBe(400);
    }
    expect(await padBodyKeys(slug)).toEqual([]);
  });

  it.each([["a--b"], ["-a"], ["a-"]])(
    "refuses a pad header whose id is %s, which is not a slug in normal form, and stores nothing",
    async (id) => {
      const slug = freshSlug();
      const keys = await padKeys(slug);
      const header = encodeJson({ ...JSON.parse(new TextDecoder().decode(fromBase64Url(keys.header)!)), id });
      const response = await putPad(slug, {
        version: 0,
        header,
        wrappedKey: keys.wrappedKey,
        verifier: keys.verifier,
        body: randomBytes(200),
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(/not a valid pad id/);
      expect(await padBodyKeys(slug)).toEqual([]);
      expect((await call("GET", `/api/pads/${slug}`)).status).toBe(404);
    },
  );

  it("needs a verifier and no proof to create, and a proof to save", async () => {
    const slug = freshSlug();
    const keys = await padKeys(slug);
    const body = randomBytes(200);
    expect((await putPad(slug, { version: 0, header: keys.header, wrappedKey: keys.wrappedKey, body })).status).toBe(
      400,
    );
    expect(
      (
        await putPad(slug, {
          version: 0,
          header: keys.header,
          wrappedKey: keys.wrappedKey,
          verifier: keys.verifier,
          body,
          proof: keys.proof,
        })
      ).status,
    ).toBe(400);
    expect(
      (await putPad(slug, { version: 0, header: keys.header, wrappedKey: keys.wrappedKey, verifier: keys.verifier }))
        .status,
    ).toBe(400);
    expect(
      (
        await putPad(slug, {
          version: -1,
          header: keys.header,
          wrappedKey: keys.wrappedKey,
          verifier: keys.verifier,
          body,
        })
      ).status,
    ).toBe(400);
    expect(await padBodyKeys(slug)).toEqual([]);
    await createPad(slug);
    expect((await putPad(slug, { version: 1, header: keys.header, wrappedKey: keys.wrappedKey, body })).status).toBe(
      400,
    );
  });
});
