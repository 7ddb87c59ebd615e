// PadObject through its RPC methods and storage (split from objects.spec.ts): its alarm and its proof checks.
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../../crypto/base64url";
import type { CreateNote } from "../../worker/note-object";
import type { PadSave } from "../../worker/pad-object";
import { encodeJson, randomBytes, sha256 } from "./helpers";

const buffer = (bytes: Uint8Array) => bytes.slice().buffer;

function _freshNote() {
  return env.NOTE_OBJECT.get(env.NOTE_OBJECT.idFromName(`note:${toBase64Url(randomBytes(16))}`));
}

function freshPad() {
  return env.PAD_OBJECT.get(env.PAD_OBJECT.idFromName(`pad:objects-${toBase64Url(randomBytes(8))}`));
}

async function _noteInput(authKey: Uint8Array): Promise<CreateNote> {
  const id = toBase64Url(randomBytes(16));
  return {
    wrappedKey: "wrapped",
    linkVerifier: null,
    header: encodeJson({ v: 1, kind: "note", id, kdf: null, link: true, views: 3, ttl: 3600 }),
    verifier: buffer(await sha256(authKey)),
    manageHash: buffer(await sha256(randomBytes(32))),
    views: 3,
    ttlSeconds: 3600,
    lockoutLimit: 10,
    retentionSeconds: 600,
    size: 200,
    parts: 1,
  };
}

/** A reader's proof as the Worker hands it to the object: digests and client keys. */
const _readerProof = async (authKey: Uint8Array) => ({
  proofHash: buffer(await sha256(authKey)),
  linkProofHash: null,
  clients: ["test"],
});

async function padInput(authKey: Uint8Array): Promise<PadSave> {
  return {
    expectVersion: 0,
    header: "header",
    wrappedKey: "wrapped",
    verifier: buffer(await sha256(authKey)),
    proofHash: null,
    deviceHash: null,
    clients: ["test"],
    bodyKey: `p/objects/${toBase64Url(randomBytes(8))}`,
    bodySize: 300,
    idleSeconds: 86400,
  };
}

/** Runs `query` against the object's own SQLite storage. */
function sql<T>(stub: DurableObjectStub, query: string): Promise<T[]> {
  return runInDurableObject(stub, (_i, state) => state.storage.sql.exec(query).toArray() as T[]);
}

const alarmOf = (stub: DurableObjectStub) => runInDurableObject(stub, (_i, state) => state.storage.getAlarm());

describe("PadObject", () => {
  it("sets the idle-expiry alarm when a pad is created", async () => {
    const stub = freshPad();
    expect(await stub.save(await padInput(randomBytes(32)))).toMatchObject({ outcome: "saved", version: 1 });
    const [row] = await sql<{ expires_at: number }>(stub, "SELECT expires_at FROM secret");
    expect(await alarmOf(stub)).toBe(row?.expires_at);
  });

  it("treats a save without a proof as a wrong proof: refused and counted, never a crash", async () => {
    const authKey = randomBytes(32);
    const stub = freshPad();
    await stub.save(await padInput(authKey));
    const save = {
      ...(await padInput(authKey)),
      expectVersion: 1,
      header: null,
      wrappedKey: null,
      verifier: null,
      bodyKey: null,
    };
    expect(await stub.authorizeSave(save)).toEqual({ outcome: "denied", retryAfter: null });
    expect(await stub.save(save)).toEqual({ outcome: "denied", retryAfter: null });
    expect(await sql(stub, "SELECT failed_proofs, version FROM secret")).toEqual([{ failed_proofs: 1, version: 1 }]);
    expect(await stub.save({ ...save, proofHash: buffer(await sha256(authKey)) })).toMatchObject({
      outcome: "saved",
      version: 2,
    });
  });
});
