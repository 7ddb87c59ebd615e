/** Shared setup of the Durable Object specs (objects.spec.ts, objects-pad.spec.ts): fresh objects and their inputs. */
import { env, runInDurableObject } from "cloudflare:test";
import { toBase64Url } from "../../crypto/base64url";
import type { CreateNote } from "../../worker/note-object";
import type { PadSave } from "../../worker/pad-object";
import { encodeJson, randomBytes, sha256 } from "./helpers";

export const buffer = (bytes: Uint8Array) => bytes.slice().buffer;

export function freshNote() {
  return env.NOTE_OBJECT.get(env.NOTE_OBJECT.idFromName(`note:${toBase64Url(randomBytes(16))}`));
}

export function freshPad() {
  return env.PAD_OBJECT.get(env.PAD_OBJECT.idFromName(`pad:objects-${toBase64Url(randomBytes(8))}`));
}

export async function noteInput(authKey: Uint8Array): Promise<CreateNote> {
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
export const readerProof = async (authKey: Uint8Array) => ({
  proofHash: buffer(await sha256(authKey)),
  linkProofHash: null,
  clients: ["test"],
});

export async function padInput(authKey: Uint8Array): Promise<PadSave> {
  return {
    expectVersion: 0,
    header: "header",
    wrappedKey: "wrapped",
    verifier: buffer(await sha256(authKey)),
    saveId: null,
    proofHash: null,
    deviceHash: null,
    clients: ["test"],
    bodyKey: `p/objects/${toBase64Url(randomBytes(8))}`,
    bodySize: 300,
    idleSeconds: 86400,
  };
}

/** Runs `query` against the object's own SQLite storage. */
export function sql<T>(stub: DurableObjectStub, query: string): Promise<T[]> {
  return runInDurableObject(stub, (_i, state) => state.storage.sql.exec(query).toArray() as T[]);
}

export const alarmOf = (stub: DurableObjectStub) => runInDurableObject(stub, (_i, state) => state.storage.getAlarm());
