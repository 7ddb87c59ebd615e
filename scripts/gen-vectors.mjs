// Generates the frozen format-v1 test vectors in test/vectors/ from fixed randomness. Run once per new vector:
// it refuses to overwrite an existing file, because a vector that changes is no longer a compatibility test.
// Intermediate values are recomputed here with node:crypto as a cross-check of the module. Usage: node scripts/gen-vectors.mjs
import { createHash, hkdfSync, pbkdf2Sync } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { importCrypto } from "./crypto-bundle.mjs";

const c = await importCrypto("crypto-vectors");
const b64 = (bytes) => Buffer.from(bytes).toString("base64url");

/** Deterministic bytes: SHA-256(label ‖ u32 counter) blocks, concatenated. */
function stream(label, length) {
  const out = Buffer.alloc(length);
  for (let i = 0, off = 0; off < length; i++, off += 32) {
    const block = createHash("sha256").update(label).update(Buffer.from([i >>> 24, (i >>> 16) & 255, (i >>> 8) & 255, i & 255])).digest();
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

const file = (name, type, bytes) => ({ name, type, bytes: new Uint8Array(bytes) });
const noteId = (label) => b64(stream(`${label}/id`, 16));
const linkKey = (label) => new Uint8Array(stream(`${label}/link`, 32));

const VECTORS = [
  { name: "v1-note-link-text", description: "note, link key only, short ASCII text, one view, one hour",
    kind: "note", link: true, password: null, iterations: null, views: 1, ttl: 3600,
    payload: { text: "Hello, hushnote!", tabs: [], files: [] } },
  { name: "v1-note-link-empty", description: "note, link key only, empty payload (one record holding only the manifest)",
    kind: "note", link: true, password: null, iterations: null, views: 1, ttl: null,
    payload: { text: "", tabs: [], files: [] } },
  { name: "v1-note-password-unicode", description: "note, password only (decomposed é: NFC matters), minimum iterations, unicode text and tabs",
    kind: "note", link: false, password: "Cafe\u0301 🔑 пароль", iterations: 310_000, views: 3, ttl: 86_400,
    payload: { text: "Grüße — 秘密 🗝️\n\"quoted\" \\ back\u2028slash", tabs: [{ title: "Ünïcode", text: "𝄞 music" }, { title: "", text: "" }], files: [] } },
  { name: "v1-note-both-files-multirecord", description: "note, link key and password, default iterations, two files spanning three records",
    kind: "note", link: true, password: "correct horse battery staple", iterations: 600_000, views: null, ttl: 604_800,
    payload: { text: "see attachments", tabs: [{ title: "notes", text: "two files" }],
      files: [file("hello.txt", "text/plain", Buffer.from("hello\n")), file("blob.bin", "application/octet-stream", stream("v1-note-both-files-multirecord/file", 140_000))] } },
  { name: "v1-note-record-boundary", description: "note, link key only, payload of exactly 131072 bytes: two full records and no empty third",
    kind: "note", link: true, password: null, iterations: null, views: 1, ttl: 600, payload: null },
  { name: "v1-pad-password", description: "notepad, password only, default iterations, tabs",
    kind: "pad", id: "team-notes", link: false, password: "pad password ✓", iterations: 600_000, views: null, ttl: null,
    payload: { text: "shopping: milk", tabs: [{ title: "todo", text: "- [ ] ship v1" }], files: [] } },
];

/** Fills the boundary vector's file so that the encoded payload is exactly two records long. */
function boundaryPayload(label) {
  const make = (n) => ({ text: "", tabs: [], files: [file("exact.bin", "application/octet-stream", stream(`${label}/file`, n))] });
  // The manifest states the file size, so its length depends on the size's digits: settle it in two steps.
  const overhead = (n) => c.encodePayload(make(n)).length - n;
  const size = 2 * c.RECORD_SIZE - overhead(2 * c.RECORD_SIZE - overhead(0));
  if (c.encodePayload(make(size)).length !== 2 * c.RECORD_SIZE) throw new Error("boundary payload is not two records");
  return make(size);
}

for (const v of VECTORS) {
  const path = `test/vectors/${v.name}.json`;
  if (existsSync(path)) {
    console.log(`kept ${path} (frozen)`);
    continue;
  }
  const id = v.id ?? noteId(v.name);
  const payload = v.payload ?? boundaryPayload(v.name);
  const key = v.link ? linkKey(v.name) : null;
  const { random, draws } = recordingRandom(v.name);
  const opts = { kind: v.kind, id, views: v.views, ttl: v.ttl, linkKey: key, password: v.password, random, ...(v.iterations ? { iterations: v.iterations } : {}) };
  const sealed = await c.seal(payload, opts);
  const plaintext = c.encodePayload(payload);

  // Independent recomputation of every derived value (docs/FORMAT.md §3–§5).
  let d = 0;
  const salt = v.password ? Buffer.from(draws[d++], "base64url") : null;
  const stretched = v.password ? pbkdf2Sync(Buffer.from(v.password.normalize("NFC"), "utf8"), salt, v.iterations, 32, "sha256") : null;
  const ikm = Buffer.concat([...(key ? [key] : []), ...(stretched ? [stretched] : [])]);
  const hkdf = (info) => Buffer.from(hkdfSync("sha256", ikm, "hushnote/v1/hkdf", info, 32));
  const kek = hkdf(`hushnote/v1/kek/${v.kind}/${id}`);
  const authKey = hkdf(`hushnote/v1/auth/${v.kind}/${id}`);
  const [dek, wrapIv, noncePrefix] = draws.slice(d);
  if (b64(authKey) !== sealed.proof) throw new Error(`${v.name}: authKey mismatch between node:crypto and the module`);
  if (b64(createHash("sha256").update(authKey).digest()) !== sealed.verifier) throw new Error(`${v.name}: verifier mismatch`);

  const vector = {
    name: v.name, description: v.description, format: 1,
    inputs: {
      kind: v.kind, id, views: v.views, ttl: v.ttl, linkKey: key && b64(key), password: v.password, iterations: v.iterations,
      payload: { text: payload.text, tabs: payload.tabs, files: payload.files.map((f) => ({ name: f.name, type: f.type, bytes: b64(f.bytes) })) },
      random: draws,
    },
    intermediate: {
      headerJson: Buffer.from(sealed.header, "base64url").toString("utf8"),
      salt: salt && b64(salt), stretched: stretched && b64(stretched), ikm: b64(ikm), kek: b64(kek), authKey: b64(authKey),
      dek, wrapIv, noncePrefix, payloadLength: plaintext.length, records: Math.max(1, Math.ceil(plaintext.length / c.RECORD_SIZE)),
    },
    outputs: { header: sealed.header, wrappedKey: sealed.wrappedKey, verifier: sealed.verifier, proof: sealed.proof, body: b64(sealed.body) },
  };
  // ASCII-only JSON (\uXXXX escapes): no editor or tool can re-normalise the unicode inputs of a frozen vector.
  const json = JSON.stringify(vector, null, 2).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
  writeFileSync(path, `${json}\n`);
  console.log(`wrote ${path} (${sealed.body.length} body bytes)`);
}
