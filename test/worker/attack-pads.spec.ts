// Attacks on a notepad save through its Hushnote-Save header (JSON a hostile client writes by hand: prototype keys,
// duplicate keys, escapes, numbers past 2^53), and a check that nothing a client sends reaches a log line.
import { afterEach, describe, expect, it, vi } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { call, createNote, randomBytes } from "./helpers";
import { finishBody, openRaw, putPart, readBody } from "./note-transfer";
import { createPad, freshSlug, openPad, padBodyKeys, padSaveRequest } from "./pad-helpers";
import { answer } from "./pad-owner-helpers";

/** The pad still opens at `version` with `body`, and KV holds that one body only. */
async function unchanged(slug: string, proof: string, body: Uint8Array, version = 1) {
  const opened = await answer(await openPad(slug, proof));
  expect(opened.json).toMatchObject({ version });
  expect(opened.body).toEqual(body);
  expect(await padBodyKeys(slug)).toHaveLength(1);
}

describe("a Hushnote-Save header written by hand", () => {
  it("cannot smuggle the proof through __proto__ or a constructor key", async () => {
    const { slug, keys, body } = await createPad();
    for (const save of [
      `{"version":1,"__proto__":{"proof":"${keys.proof}"}}`,
      `{"version":1,"constructor":{"prototype":{"proof":"${keys.proof}"}}}`,
    ]) {
      const response = await padSaveRequest(slug, save, randomBytes(400));
      expect(response.status, save).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(/proof/);
    }
    await unchanged(slug, keys.proof, body);
    expect(({} as Record<string, unknown>).proof).toBeUndefined();
  });

  it("reads duplicate keys once, as JSON does (the last one), for the proof it checks and the version it writes", async () => {
    const { slug, keys, body } = await createPad();
    const wrongFirst = `{"version":7,"proof":"${keys.proof}","proof":"${toBase64Url(randomBytes(32))}","version":1}`;
    expect((await padSaveRequest(slug, wrongFirst, randomBytes(400))).status).toBe(403);
    await unchanged(slug, keys.proof, body);
    const next = randomBytes(400);
    const rightLast = `{"version":7,"proof":"${toBase64Url(randomBytes(32))}","proof":"${keys.proof}","version":1}`;
    expect(await (await padSaveRequest(slug, rightLast, next)).json()).toMatchObject({ version: 2 });
    await unchanged(slug, keys.proof, next, 2);
  });

  it("decodes escapes to what they spell and refuses what is then no base64url, before any byte is stored", async () => {
    const { slug, keys, body } = await createPad();
    const escaped = [...keys.proof].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
    for (const proof of [`${keys.proof.slice(0, -1)}\\u0000`, `${keys.proof.slice(0, -1)}\\u00e9`, "\\ud800"]) {
      const response = await padSaveRequest(slug, `{"version":1,"proof":"${proof}"}`, randomBytes(400));
      expect(response.status, proof).toBe(400);
    }
    await unchanged(slug, keys.proof, body);
    // Every character escaped still spells the right proof: JSON semantics, nothing more.
    const next = randomBytes(400);
    expect((await padSaveRequest(slug, `{"version":1,"proof":"${escaped}"}`, next)).status).toBe(200);
    await unchanged(slug, keys.proof, next, 2);
  });

  it("refuses versions past 2^53, in exponents or fractions, and answers a huge safe one as a conflict", async () => {
    const { slug, keys, body } = await createPad();
    for (const version of ["1e400", "123456789012345678901234567890", "9007199254740993", "1.5", "-1", '"1"', "null"]) {
      const response = await padSaveRequest(slug, `{"version":${version},"proof":"${keys.proof}"}`, randomBytes(400));
      expect(response.status, version).toBe(400);
    }
    const huge = await padSaveRequest(slug, `{"version":9007199254740991,"proof":"${keys.proof}"}`, randomBytes(400));
    expect(huge.status).toBe(409);
    expect(await huge.json()).toMatchObject({ version: 1 });
    await unchanged(slug, keys.proof, body);
  });
});

describe("logs", () => {
  afterEach(() => vi.restoreAllMocks());

  it("never carry an id, address, slug, token, grant, proof or device, whatever a client sends", async () => {
    const lines: string[] = [];
    for (const level of ["log", "warn", "error", "info", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
    }
    const from = "203.0.113.77";
    const note = await createNote({ views: 2 });
    const opened = await openRaw(note.id, note.proof, null, from);
    const grant = JSON.parse(opened.headers.get("Hushnote-Open")!).grant as string;
    await opened.body!.cancel();
    await readBody(note.id, grant, "bytes=1-");
    await readBody(note.id, grant, "bytes=junk");
    await putPart(note.id, 0, note.body, toBase64Url(randomBytes(32)));
    await putPart(note.id, 9, note.body, note.manageToken);
    await finishBody(note.id, grant);
    await call("DELETE", `/api/notes/${note.id}`, { headers: { Authorization: `Bearer ${note.manageToken}` } });
    const pad = await createPad();
    const save = `{"version":1,"proof":"${pad.keys.proof}","device":"${pad.device}","__proto__":{"x":"${pad.slug}"}}`;
    await padSaveRequest(pad.slug, save, new TextEncoder().encode(`plaintext ${pad.slug} `.repeat(200)));
    await padSaveRequest(freshSlug(), `{"version":1,"proof":"${pad.keys.proof}"}`, randomBytes(400));
    const secrets = [note.id, from, note.manageToken, grant, note.proof, pad.slug, pad.keys.proof, pad.device];
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      for (const secret of secrets) expect(line.includes(secret), `${line} names ${secret}`).toBe(false);
    }
  });
});
