// Issue 11, item 0: the server accepts format v2 (92-byte wrapped keys, link verifiers, the v2 KDF rules) and keeps
// accepting v1 creates from older clients.
import { describe, expect, it } from "vitest";
import { fromBase64Url, toBase64Url } from "../../crypto/base64url";
import { noteSalt } from "../../crypto/header-v2";
import { call, createNote, encodeJson, inspectNote, makeNote, openNote, randomBytes, sha256 } from "./helpers";
import { createPad, freshSlug, openPad, padKeys, putPad } from "./pad-helpers";
import { answer } from "./pad-owner-helpers";

const headerOf = (b64: string) => JSON.parse(new TextDecoder().decode(fromBase64Url(b64)!)) as Record<string, unknown>;

async function refused(json: unknown, pattern: RegExp) {
  const response = await call("POST", "/api/notes", { json });
  expect(response.status).toBe(400);
  expect(((await response.json()) as { error: string }).error).toMatch(pattern);
}

describe("POST /api/notes with a format v2 header", () => {
  it("stores a v2 link+password note with its 92-byte wrapped key and its link verifier, and opens it", async () => {
    const note = await createNote({ version: 2, password: true, views: 1 });
    const { row } = await inspectNote(note.id);
    expect(row).toMatchObject({ wrapped_key: note.request.wrappedKey, header: note.request.header });
    expect(new Uint8Array(row!.link_verifier as ArrayBuffer)).toEqual(await sha256(fromBase64Url(note.linkProof!)!));
    const opened = await openNote(note.id, note.proof, note.linkProof);
    expect(opened.meta).toMatchObject({ wrappedKey: note.request.wrappedKey, viewsLeft: 0 });
    expect(opened.body).toEqual(note.body);
  });

  it("requires linkVerifier for a v2 note with a link key, with or without a password", async () => {
    for (const password of [false, true]) {
      const { request } = await makeNote({ version: 2, password });
      const { linkVerifier: _, ...without } = request;
      await refused(without, /needs "linkVerifier"/);
      await refused({ ...request, linkVerifier: toBase64Url(randomBytes(31)) }, /"linkVerifier" must be 32 bytes/);
    }
  });

  it("refuses linkVerifier where it means nothing (v1 notes, v2 password-only notes); null counts as absent", async () => {
    const v1 = await makeNote({ password: true });
    await refused(
      { ...v1.request, linkVerifier: toBase64Url(randomBytes(32)) },
      /belongs only to format v2 notes with a link key/,
    );
    const passwordOnly = await makeNote({ version: 2, link: false, password: true });
    await refused({ ...passwordOnly.request, linkVerifier: toBase64Url(randomBytes(32)) }, /belongs only/);
    expect((await call("POST", "/api/notes", { json: { ...passwordOnly.request, linkVerifier: null } })).status).toBe(
      201,
    );
    expect((await inspectNote(passwordOnly.id)).row).toMatchObject({ link_verifier: null });
  });

  it("sizes the wrapped key by the header's version: 60 bytes for v1, 92 for v2", async () => {
    const v2 = await makeNote({ version: 2 });
    await refused({ ...v2.request, wrappedKey: toBase64Url(randomBytes(60)) }, /"wrappedKey" must be 92 bytes/);
    const v1 = await makeNote();
    await refused({ ...v1.request, wrappedKey: toBase64Url(randomBytes(92)) }, /"wrappedKey" must be 60 bytes/);
  });

  it("refuses a v2 header below 600,000 iterations or with a salt not derived from the id, which no v2 reader opens", async () => {
    const note = await makeNote({ version: 2, link: false, password: true });
    const h = headerOf(note.request.header);
    const kdf = h.kdf as Record<string, unknown>;
    await refused(
      { ...note.request, header: encodeJson({ ...h, kdf: { ...kdf, iterations: 310_000 } }) },
      /from 600000 \(format v2\)/,
    );
    await refused(
      { ...note.request, header: encodeJson({ ...h, kdf: { ...kdf, salt: toBase64Url(randomBytes(16)) } }) },
      /derived from its id/,
    );
    // v1 keeps its own floor (MIN_KDF_ITERATIONS) and any salt.
    const v1 = await makeNote({
      link: false,
      kdf: { name: "PBKDF2-SHA256", iterations: 310_000, salt: toBase64Url(randomBytes(16)) },
    });
    expect((await call("POST", "/api/notes", { json: v1.request })).status).toBe(201);
    expect(kdf.salt).toBe(toBase64Url(await noteSalt(note.id)));
  });
});

describe("PUT /api/pads/:slug with a format v2 header", () => {
  async function v2Keys(slug: string) {
    const keys = await padKeys(slug);
    return {
      ...keys,
      header: encodeJson({ ...headerOf(keys.header), v: 2 }),
      wrappedKey: toBase64Url(randomBytes(92)),
    };
  }

  it("creates a v2 notepad with a 92-byte wrapped key and refuses a 60-byte one", async () => {
    const slug = freshSlug();
    const keys = await v2Keys(slug);
    const body = randomBytes(300);
    expect(
      (await putPad(slug, { version: 0, ...keys, wrappedKey: toBase64Url(randomBytes(60)), proof: undefined, body }))
        .status,
    ).toBe(400);
    expect(
      (
        await putPad(slug, {
          version: 0,
          header: keys.header,
          wrappedKey: keys.wrappedKey,
          verifier: keys.verifier,
          body,
        })
      ).status,
    ).toBe(200);
  });

  it("moves a v1 notepad to v2 by a re-key: new header, wrapped key, verifier and body, with the old proof", async () => {
    const { slug, keys } = await createPad();
    const next = await v2Keys(slug);
    const body = randomBytes(300);
    const response = await putPad(slug, {
      version: 1,
      header: next.header,
      wrappedKey: next.wrappedKey,
      verifier: next.verifier,
      body,
      proof: keys.proof,
    });
    expect(response.status).toBe(200);
    const opened = await answer(await openPad(slug, next.proof));
    expect(opened.json).toMatchObject({ wrappedKey: next.wrappedKey, version: 2 });
    expect(opened.body).toEqual(body);
  });
});
