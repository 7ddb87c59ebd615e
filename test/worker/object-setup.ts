/**
 * Shared setup of the Durable Object specs (objects.spec.ts, objects-pad.spec.ts, lost-replies.spec.ts, the idempotent
 * specs): fresh objects and their inputs, their storage, and calls made to fail after their transaction committed.
 */
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

/** The private steps of a Durable Object a spec replaces to make a call fail before or after its transaction. */
export interface Faulty {
  settle?: () => Promise<void>;
  ready?: (creating: boolean) => boolean;
}

/**
 * Arms the object so that the first settle() after its row's body key or stored parts changed throws, as a failed
 * setAlarm would:
 * the transaction has committed, the call throws. With `unreachable` the next call after that (the Worker's question
 * whether the object names the body) throws too, as if the object could not be asked.
 */
export function failAfterCommit(stub: DurableObjectStub, unreachable = false) {
  return runInDurableObject(stub, (instance, state) => {
    const bodyKey = () => {
      const exists = state.storage.sql.exec("SELECT 1 FROM sqlite_master WHERE name = 'part'").toArray().length > 0;
      if (!exists) return null;
      const row = state.storage.sql.exec("SELECT body_key, (SELECT count(*) FROM part) AS parts FROM secret").toArray();
      return row[0] ? `${row[0].body_key}|${row[0].parts}` : null;
    };
    const before = bodyKey();
    const faulty = instance as unknown as Faulty;
    const settle = Object.getPrototypeOf(Object.getPrototypeOf(instance)).settle as () => Promise<void>;
    faulty.settle = function (this: unknown) {
      if (bodyKey() === before) return settle.call(this);
      delete faulty.settle;
      if (unreachable) {
        faulty.ready = () => {
          delete faulty.ready;
          throw new Error("object unreachable");
        };
      }
      return Promise.reject(new Error("setAlarm failed"));
    };
  });
}
