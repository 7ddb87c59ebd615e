/** The JavaScript API (`import { send, read } from "hushnote"`) against the real Worker: typed results, typed errors. */
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  ApiError,
  inspect,
  padDelete,
  padGet,
  padInfo,
  padPut,
  read,
  revoke,
  SdkError,
  send,
  status,
} from "../../cli/src/sdk";
import { startServer, type TestServer } from "../browser/server";
import { closedPort } from "./helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
}, 60_000);
afterAll(() => server?.stop());
afterEach(() => vi.restoreAllMocks());

/** The promise's rejection, asserted to be an SdkError with `code`. */
async function sdkError(promise: Promise<unknown>, code: SdkError["code"]): Promise<SdkError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  // Anything else is shown with its causes: a network failure's reason is in its cause chain.
  const causes = (e: unknown): string =>
    e instanceof Error ? `${e.name}: ${e.message} <- ${causes(e.cause)}` : `${e}`;
  expect(error, causes(error)).toBeInstanceOf(SdkError);
  expect((error as SdkError).code).toBe(code);
  return error as SdkError;
}

describe("send → read", () => {
  it("round-trips text through a one-time link, then the note is gone", async () => {
    const sent = await send({ server: server.origin, text: "from a script ✓" });
    expect(sent.link).toMatch(new RegExp(`^${server.origin}/n/${sent.id}#[A-Za-z0-9_-]{43}$`));
    expect(sent.manageLink).toMatch(new RegExp(`^${server.origin}/m/${sent.id}#[A-Za-z0-9_-]{43}$`));
    expect(sent).toMatchObject({ views: 1, viewsLeft: 1, ttl: 86400 });
    expect(sent.expiresAt).toBeGreaterThan(Date.now());
    expect(await read({ link: sent.link })).toEqual({ text: "from a script ✓", tabs: [], files: [], viewsLeft: 0 });
    await sdkError(read({ link: sent.link }), "gone");
  });

  it("reads a link-only note with a file, byte for byte, without ever asking for a password", async () => {
    const bytes = new Uint8Array(randomBytes(100_000));
    const sent = await send({ server: server.origin, files: [{ name: "key.bin", bytes }], views: 2 });
    const password = vi.fn(() => "never asked");
    const info = await inspect(sent.link);
    expect(info).toMatchObject({
      server: server.origin,
      id: sent.id,
      viewsLeft: 2,
      header: { kdf: null, link: true, views: 2 },
    });
    const note = await read({ link: sent.link, password, info });
    expect(note.files).toEqual([{ name: "key.bin", type: "application/octet-stream", bytes }]);
    expect(note.viewsLeft).toBe(1);
    expect(password).not.toHaveBeenCalled();
  });

  it("refuses a wrong password as wrong-password with the tries left, then opens with the right one", async () => {
    const sent = await send({ server: server.origin, text: "behind a password", password: "correct horse", views: 3 });
    const wrong = await sdkError(read({ link: sent.link, password: "wrong horse" }), "wrong-password");
    expect(wrong.details.triesLeft).toBe(9);
    expect(wrong.message).toMatch(/wrong password.*9 tries left/);
    expect(wrong.cause).toBeInstanceOf(ApiError);
    await sdkError(read({ link: sent.link }), "wrong-password");
    expect(await read({ link: sent.link, password: async () => "correct horse" })).toMatchObject({
      text: "behind a password",
      viewsLeft: 2,
    });
  });

  it("makes password-only links without a key: only the #v2 marker of the format", async () => {
    const sent = await send({
      server: server.origin,
      text: "no key in the link",
      password: "only this",
      passwordOnly: true,
    });
    expect(sent.link).toBe(`${server.origin}/n/${sent.id}#v2`);
    expect((await read({ link: sent.link, password: "only this" })).text).toBe("no key in the link");
  });

  it("reports upload and download progress through the hooks, and writes nothing to stdout or stderr", async () => {
    const stdout = vi.spyOn(process.stdout, "write");
    const stderr = vi.spyOn(process.stderr, "write");
    const uploads: [number, number][] = [];
    const downloads: number[] = [];
    const bytes = new Uint8Array(1_000_000);
    const sent = await send({
      server: server.origin,
      files: [{ name: "zeros", bytes }],
      onUpload: (done, total) => uploads.push([done, total]),
    });
    const note = await read({ link: sent.link, onDownload: (done) => downloads.push(done) });
    expect(note.files[0]!.bytes).toEqual(bytes);
    expect(uploads.length).toBeGreaterThan(1);
    expect(uploads.at(-1)![0]).toBe(uploads.at(-1)![1]);
    expect(downloads.at(-1)).toBeGreaterThan(1_000_000);
    expect(stdout).not.toHaveBeenCalled();
    expect(stderr).not.toHaveBeenCalled();
  });
});

describe("send refuses what the server would", () => {
  it("checks options against the instance's policy before encrypting or uploading", async () => {
    expect(
      (await sdkError(send({ server: server.origin, text: "x", ttl: 10 * 365 * 86400 }), "invalid")).message,
    ).toMatch(/ttl must be between/);
    await sdkError(send({ server: server.origin, text: "x", views: 0 }), "invalid");
    await sdkError(send({ server: server.origin, text: "x", passwordOnly: true }), "invalid");
    await sdkError(send({ server: server.origin }), "invalid");
    await sdkError(send({ server: "ftp://example.com", text: "x" }), "invalid");
    // 100 MiB of text and files, and 64 KiB of room for the manifest: one byte more is refused before anything is sent.
    const tooLarge = await sdkError(
      send({ server: server.origin, files: [{ name: "big", bytes: new Uint8Array(100 * 1048576 + 65537) }] }),
      "invalid",
    );
    expect(tooLarge.message).toBe("too large: this server takes at most 100.0 MiB per note (this one is 100.1 MiB)");
  });

  it("throws ApiError with status 0 when the server cannot be reached", async () => {
    const error = await send({ server: `http://127.0.0.1:${await closedPort()}`, text: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(0);
  });

  it("refuses a damaged link as invalid", async () => {
    await sdkError(read({ link: `${server.origin}/n/short#key` }), "invalid");
    await sdkError(status({ manageLink: `${server.origin}/m/AAAAAAAAAAAAAAAAAAAAAA` }), "invalid");
  });
});

describe("status and revoke", () => {
  it("shows the receipt, refuses a forged token, revokes, then reports the note destroyed", async () => {
    const sent = await send({ server: server.origin, text: "managed", views: 2 });
    await read({ link: sent.link });
    const live = await status({ manageLink: sent.manageLink });
    expect(live).toMatchObject({ state: "live", viewsLeft: 1, reason: null });
    expect(live.events.map((e) => e.type)).toEqual(["created", "opened"]);
    const forged = sent.manageLink.replace(/#(.)/, (_, c: string) => `#${c === "A" ? "B" : "A"}`);
    await sdkError(revoke({ manageLink: forged }), "wrong-password");
    await revoke({ manageLink: sent.manageLink });
    expect(await status({ manageLink: sent.manageLink })).toMatchObject({ state: "destroyed", reason: "deleted" });
    await sdkError(read({ link: sent.link }), "gone");
    await sdkError(revoke({ manageLink: sent.manageLink }), "gone");
  });
});

describe("notepads", () => {
  it("creates, reads, refuses a stale save as a conflict, saves on the current version, and deletes", async () => {
    const options = { server: server.origin, name: "SDK Notes", password: "pad password" };
    expect(await padInfo(options)).toBeNull();
    expect(await padPut({ ...options, text: "v1" })).toMatchObject({ slug: "sdk-notes", version: 1, created: true });
    expect(await padGet(options)).toMatchObject({ slug: "sdk-notes", version: 1, text: "v1", tabs: [], files: [] });
    await padPut({ ...options, text: "v2", base: 1 });
    const stale = await sdkError(padPut({ ...options, text: "edit of v1", base: 1 }), "conflict");
    expect(stale.details.version).toBe(2);
    expect((await padGet(options)).text).toBe("v2");
    await sdkError(padGet({ ...options, password: "not it" }), "wrong-password");
    await padDelete(options);
    expect(await padInfo(options)).toBeNull();
    await sdkError(padGet(options), "gone");
  });
});
