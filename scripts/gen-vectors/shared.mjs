// What both formats' vector generators share: the crypto module under test, fixed randomness and sealing a vector.
import { createHash } from "node:crypto";
import { importCrypto } from "../crypto-bundle.mjs";

export const c = await importCrypto("crypto-vectors");
export const b64 = (bytes) => Buffer.from(bytes).toString("base64url");

/** Deterministic bytes: SHA-256(label ‖ u32 counter) blocks, concatenated. */
export function stream(label, length) {
  const out = Buffer.alloc(length);
  for (let i = 0, off = 0; off < length; i++, off += 32) {
    const block = createHash("sha256")
      .update(label)
      .update(Buffer.from([i >>> 24, (i >>> 16) & 255, (i >>> 8) & 255, i & 255]))
      .digest();
    block.copy(out, off, 0, Math.min(32, length - off));
  }
  return out;
}

/** A random source that records every draw, so the vector lists exactly the bytes seal consumed. */
function recordingRandom(label) {
  const draws = [];
  const random = (n) => {
    const bytes = new Uint8Array(stream(`${label}/draw/${draws.length}`, n));
    draws.push(b64(bytes));
    return bytes;
  };
  return { random, draws };
}

export const file = (name, type, bytes) => ({ name, type, bytes: new Uint8Array(bytes) });
const noteId = (label) => b64(stream(`${label}/id`, 16));
const linkKey = (label) => new Uint8Array(stream(`${label}/link`, 32));

/** Fills the boundary vector's file so that the encoded payload is exactly two records long. */
function boundaryPayload(label) {
  const make = (n) => ({
    text: "",
    tabs: [],
    files: [file("exact.bin", "application/octet-stream", stream(`${label}/file`, n))],
  });
  // The manifest states the file size, so its length depends on the size's digits: settle it in two steps.
  const overhead = (n) => c.encodePayload(make(n)).length - n;
  const size = 2 * c.RECORD_SIZE - overhead(2 * c.RECORD_SIZE - overhead(0));
  if (c.encodePayload(make(size)).length !== 2 * c.RECORD_SIZE) throw new Error("boundary payload is not two records");
  return make(size);
}

export const sha256 = (bytes) => createHash("sha256").update(bytes).digest();
export const u32be = (n) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
export const records = (plaintext) => Math.max(1, Math.ceil(plaintext.length / c.RECORD_SIZE));
export const payloadJson = (payload) => ({
  text: payload.text,
  tabs: payload.tabs,
  files: payload.files.map((f) => ({ name: f.name, type: f.type, bytes: b64(f.bytes) })),
});

/** Seals vector `v` in format `version` from recorded randomness; returns the module's output and what it consumed. */
export async function sealVector(v, version) {
  const id = v.id ?? noteId(v.name);
  const payload = v.payload ?? boundaryPayload(v.name);
  const key = v.link ? linkKey(v.name) : null;
  const { random, draws } = recordingRandom(v.name);
  const opts = {
    version,
    kind: v.kind,
    id,
    views: v.views,
    ttl: v.ttl,
    linkKey: key,
    password: v.password,
    random,
    ...(v.iterations ? { iterations: v.iterations } : {}),
    ...(v.bodyVersion !== undefined ? { bodyVersion: v.bodyVersion } : {}),
  };
  return { id, payload, key, draws, sealed: await c.seal(payload, opts), plaintext: c.encodePayload(payload) };
}
