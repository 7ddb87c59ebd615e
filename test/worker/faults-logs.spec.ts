// What the operator sees of a storage fault: one storage.unavailable line per failed call (binding, method, class),
// also for a failure the route recovered from, and for a KV put, which is not under the deadline; never an id. And
// what the guard leaves as it was: one guarded env per env, ids made locally, stubs that are not promises.
import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import { guardEnv, StorageUnavailable } from "../../worker/storage-guard";
import { callFaulty, faultyEnv, request } from "./faults";
import { createNote, createUploading, makeNote, randomBytes } from "./helpers";

const storageLines = (spy: { mock: { calls: unknown[][] } }) =>
  spy.mock.calls.map(([line]) => String(line)).filter((line) => line.includes('"storage.unavailable"'));
const line = (binding: string, method: string, kind: string) =>
  JSON.stringify({ event: "storage.unavailable", binding, method, kind });

afterEach(() => vi.restoreAllMocks());

describe("storage.unavailable log lines", () => {
  it("names the binding, method and class of a failed call; a deadline passed is a StorageTimeout", async () => {
    const note = await createNote();
    const warn = vi.spyOn(console, "warn");
    const status = request("GET", `/api/notes/${note.id}`);
    expect((await callFaulty({ binding: "NOTE_OBJECT", method: "status", mode: "reset" }, status)).status).toBe(503);
    const again = request("GET", `/api/notes/${note.id}`);
    expect((await callFaulty({ binding: "NOTE_OBJECT", method: "status", mode: "hang" }, again)).status).toBe(503);
    expect(storageLines(warn)).toEqual([
      line("NOTE_OBJECT", "status", "Error"),
      line("NOTE_OBJECT", "status", "StorageTimeout"),
    ]);
    expect(warn.mock.calls.join("\n")).not.toContain(note.id);
  });

  it("logs a failure the route recovered from: a create asked again answers 201", async () => {
    const note = await makeNote();
    const warn = vi.spyOn(console, "warn");
    const create = request("POST", "/api/notes", {
      json: { ...note.request, manageToken: toBase64Url(randomBytes(32)) },
    });
    const plan = { binding: "NOTE_OBJECT" as const, method: "create", mode: "fail-after" as const, nth: 1 };
    expect((await callFaulty(plan, create)).status).toBe(201);
    expect(storageLines(warn)).toEqual([line("NOTE_OBJECT", "create", "Error")]);
  });

  it("logs a failed KV put, which answers 503 and keeps nothing", async () => {
    const note = await createUploading();
    const warn = vi.spyOn(console, "warn");
    const part = request("PUT", `/api/notes/${note.id}/parts/0`, {
      raw: note.body,
      headers: {
        "Content-Type": "application/octet-stream",
        "Content-Length": String(note.body.byteLength),
        Authorization: `Bearer ${note.manageToken}`,
      },
    });
    const response = await callFaulty({ binding: "NOTES", method: "put", mode: "fail-before" }, part);
    expect(response.status).toBe(503);
    expect(storageLines(warn)).toEqual([line("NOTES", "put", "Error")]);
  });
});

describe("guardEnv", () => {
  it("makes one guarded env per env and deadline, so per-env caches (readConfig's) keep hitting", () => {
    expect(guardEnv(env)).toBe(guardEnv(env));
    expect(guardEnv(env, 100)).not.toBe(guardEnv(env));
    expect(guardEnv(env).INSTANCE_NAME).toBe(env.INSTANCE_NAME);
  });

  it("leaves ids to the namespace and stubs un-awaitable, and turns a late call into StorageUnavailable", async () => {
    const guarded = guardEnv(faultyEnv(env, { binding: "NOTE_OBJECT", method: "status", mode: "hang" }), 50);
    const id = guarded.NOTE_OBJECT.idFromName("healthz");
    expect(id.equals(env.NOTE_OBJECT.idFromName("healthz"))).toBe(true);
    const stub = guarded.NOTE_OBJECT.get(id);
    // Awaiting a stub must give the stub back: a guarded `then` would make it look like a pending promise.
    expect(await stub).toBe(stub);
    expect(await stub.ping()).toBe("pong");
    const late = await stub.status().catch((thrown: unknown) => thrown);
    expect(late).toBeInstanceOf(StorageUnavailable);
    expect(late).toMatchObject({ binding: "NOTE_OBJECT", method: "status", kind: "StorageTimeout" });
  });
});
