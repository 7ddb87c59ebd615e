/**
 * Notes against a hostile server: another note's header, a v1 header (salt of the server's choosing) behind a `#v2`
 * link, a v2 header that drops the link key, a made-up id in the create answer. Each is refused before a proof is sent.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { generateNoteId, seal } from "../../crypto/index";
import { type FakeServer, fakeServer, opened } from "./fake-server";
import { build, cliEnv, runCli } from "./helpers";

const PASSWORD = "note password";
let fake: FakeServer | undefined;

beforeAll(() => build(), 60_000);
afterEach(() => fake?.close());

/** A server whose GET /api/notes/<any id> answers `header`, and whose /open refuses every proof it is sent. */
async function serving(header: string): Promise<FakeServer> {
  fake = await fakeServer((req) => {
    const [, id, open] = /^\/api\/notes\/([^/]+)(\/open)?$/.exec(req.path) ?? [];
    if (!id) return undefined;
    if (open) return { status: 403, body: { status: 403, error: "Wrong password." } };
    return { status: 200, body: { id, header, expiresAt: Date.now() + 3_600_000, viewsLeft: 1 } };
  });
  return fake;
}

const sealNote = (id: string, opts: { version: 1 | 2; linkKey?: null }) =>
  seal({ text: "t", tabs: [], files: [] }, { kind: "note", id, views: 1, ttl: 3600, password: PASSWORD, ...opts });
const read = (origin: string, link: string) =>
  runCli(["read", link], { env: cliEnv(origin, { HUSHNOTE_PASSWORD: PASSWORD }) });

describe("hushnote read refuses a header that is not the note its link names", () => {
  it("refuses note B's header at note A's id (exit 4), with no proof sent", async () => {
    const a = generateNoteId();
    const server = await serving((await sealNote(generateNoteId(), { version: 1, linkKey: null })).header);
    const result = await read(server.origin, `${server.origin}/n/${a}`);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(
      /refusing to open: the server sent the header of note "[\w-]{22}", not of the note "[\w-]{22}" you asked for/,
    );
    expect(server.proofs()).toEqual([]);
  });

  it("refuses a v1 header with its own salt behind a #v2 link (exit 4, no proof), though a plain link would send one", async () => {
    const id = generateNoteId();
    const server = await serving((await sealNote(id, { version: 1, linkKey: null })).header);
    const refused = await read(server.origin, `${server.origin}/n/${id}#v2`);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(
      /a format v1 header where v2 or newer was promised \(a downgrade\); no password or key was used or sent/,
    );
    expect(server.proofs()).toEqual([]);
    // The control: without the marker a v1 password-only note is legitimate, and the proof goes out.
    expect((await read(server.origin, `${server.origin}/n/${id}`)).code).toBe(3);
    expect(server.proofs()).toHaveLength(1);
  });

  it("refuses a v2 header that drops the link key the reader holds (exit 4, no proof)", async () => {
    const id = generateNoteId();
    const server = await serving((await sealNote(id, { version: 2, linkKey: null })).header);
    const result = await read(server.origin, `${server.origin}/n/${id}#${"A".repeat(43)}`);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/your link carries a key but the header says none is needed/);
    expect(server.proofs()).toEqual([]);
  });

  it("refuses a v1 header that drops the link key the reader holds, too (exit 4, no proof)", async () => {
    // A v1 password-only header, salt of the server's choosing, served for a link+password note's link.
    const id = generateNoteId();
    const server = await serving((await sealNote(id, { version: 1, linkKey: null })).header);
    const result = await read(server.origin, `${server.origin}/n/${id}#${"A".repeat(43)}`);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/your link carries a key but the header says none is needed/);
    expect(server.proofs()).toEqual([]);
  });

  it("refuses a damaged #v2-like fragment as a damaged link (exit 1)", async () => {
    const server = await serving("");
    expect((await read(server.origin, `${server.origin}/n/${generateNoteId()}#V2`)).code).toBe(1);
    expect(server.log).toEqual([]);
  });
});

describe("hushnote read keeps nothing of a body cut short", () => {
  it("deletes a file whose records all authenticated when the final one never came (exit 4)", async () => {
    const id = generateNoteId();
    const bytes = randomBytes(200_000);
    const sealed = await seal(
      { text: "", tabs: [], files: [{ name: "cut.bin", type: "application/octet-stream", bytes }] },
      { kind: "note", id, views: 1, ttl: 3600, password: null },
    );
    // Head and two whole records of four: a length a writer could produce, every byte authentic, the end missing.
    const cut = sealed.body.subarray(0, 36 + 2 * 65_552);
    const meta = {
      wrappedKey: sealed.wrappedKey,
      viewsLeft: 0,
      size: cut.length,
      grant: "g".repeat(43),
      grantExpiresAt: 1,
    };
    fake = await fakeServer((req) => {
      if (req.path === `/api/notes/${id}`)
        return {
          status: 200,
          body: { id, header: sealed.header, expiresAt: Date.now() + 3_600_000, viewsLeft: 1, size: cut.length },
        };
      return req.path === `/api/notes/${id}/open` ? opened(meta, cut) : undefined;
    });
    const out = mkdtempSync(join(tmpdir(), "hushnote-cut-"));
    const result = await runCli(["read", `${fake.origin}/n/${id}#${toBase64Url(sealed.linkKey!)}`], {
      env: cliEnv(fake.origin),
      cwd: out,
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/the data from the server is damaged or was altered \(.*truncated/);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe("hushnote send checks the create answer", () => {
  it("refuses parts that are not how the format cuts the body (exit 4), sending no byte", async () => {
    fake = await fakeServer((req) =>
      req.method === "POST" && req.path === "/api/notes"
        ? {
            status: 201,
            body: { id: req.body!.id, expiresAt: 1, viewsLeft: 1, manageToken: "A".repeat(43), parts: [1, 2] },
          }
        : undefined,
    );
    const result = await runCli(["send"], { env: cliEnv(fake.origin), input: "secret" });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain("the server asked for parts that are not the 1 this body is cut in");
    expect(fake.log.filter((l) => l.bytes)).toEqual([]);
  });

  it("refuses links built from another id or a malformed manage token (exit 4)", async () => {
    fake = await fakeServer((req) =>
      req.method === "POST" && req.path === "/api/notes"
        ? {
            status: 201,
            body: {
              id: "AAAAAAAAAAAAAAAAAAAAAA",
              expiresAt: Date.now() + 3_600_000,
              viewsLeft: 1,
              manageToken: "\u001b]52;c;x\u0007",
            },
          }
        : undefined,
    );
    const result = await runCli(["send"], { env: cliEnv(fake.origin), input: "secret" });
    expect(result.code).toBe(4);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("the server answered for another note id");
  });
});
