// Generates the frozen test vectors in test/vectors/ (v1-*.json and v2-*.json) from fixed randomness. It writes only
// files that do not exist yet and never touches an existing one, because a vector that changes is no longer a
// compatibility test: running it today writes nothing for v1 and only missing v2 files. Intermediate values are
// recomputed here with node:crypto as a cross-check of the module. Usage: node scripts/gen-vectors.mjs [--check]
// (--check regenerates every vector in memory and compares it with the frozen file, writing nothing).
import { createDecipheriv, createHash, hkdfSync, pbkdf2Sync } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { importCrypto } from "./crypto-bundle.mjs";

const c = await importCrypto("crypto-vectors");
const b64 = (bytes) => Buffer.from(bytes).toString("base64url");

/** Deterministic bytes: SHA-256(label ‖ u32 counter) blocks, concatenated. */
function stream(label, length) {
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

const file = (name, type, bytes) => ({ name, type, bytes: new Uint8Array(bytes) });
const noteId = (label) => b64(stream(`${label}/id`, 16));
const linkKey = (label) => new Uint8Array(stream(`${label}/link`, 32));

const V1_VECTORS = [
  {
    name: "v1-note-link-text",
    description: "note, link key only, short ASCII text, one view, one hour",
    kind: "note",
    link: true,
    password: null,
    iterations: null,
    views: 1,
    ttl: 3600,
    payload: { text: "Hello, hushnote!", tabs: [], files: [] },
  },
  {
    name: "v1-note-link-empty",
    description: "note, link key only, empty payload (one record holding only the manifest)",
    kind: "note",
    link: true,
    password: null,
    iterations: null,
    views: 1,
    ttl: null,
    payload: { text: "", tabs: [], files: [] },
  },
  {
    name: "v1-note-password-unicode",
    description: "note, password only (decomposed é: NFC matters), minimum iterations, unicode text and tabs",
    kind: "note",
    link: false,
    password: "Cafe\u0301 🔑 пароль",
    iterations: 310_000,
    views: 3,
    ttl: 86_400,
    payload: {
      text: 'Grüße — 秘密 🗝️\n"quoted" \\ back\u2028slash',
      tabs: [
        { title: "Ünïcode", text: "𝄞 music" },
        { title: "", text: "" },
      ],
      files: [],
    },
  },
  {
    name: "v1-note-both-files-multirecord",
    description: "note, link key and password, default iterations, two files spanning three records",
    kind: "note",
    link: true,
    password: "correct horse battery staple",
    iterations: 600_000,
    views: null,
    ttl: 604_800,
    payload: {
      text: "see attachments",
      tabs: [{ title: "notes", text: "two files" }],
      files: [
        file("hello.txt", "text/plain", Buffer.from("hello\n")),
        file("blob.bin", "application/octet-stream", stream("v1-note-both-files-multirecord/file", 140_000)),
      ],
    },
  },
  {
    name: "v1-note-record-boundary",
    description: "note, link key only, payload of exactly 131072 bytes: two full records and no empty third",
    kind: "note",
    link: true,
    password: null,
    iterations: null,
    views: 1,
    ttl: 600,
    payload: null,
  },
  {
    name: "v1-pad-password",
    description: "notepad, password only, default iterations, tabs",
    kind: "pad",
    id: "team-notes",
    link: false,
    password: "pad password ✓",
    iterations: 600_000,
    views: null,
    ttl: null,
    payload: { text: "shopping: milk", tabs: [{ title: "todo", text: "- [ ] ship v1" }], files: [] },
  },
];

const V2_VECTORS = [
  {
    name: "v2-note-link-text",
    description: "v2 note, link key only, short ASCII text, one view, one hour",
    kind: "note",
    link: true,
    password: null,
    iterations: null,
    views: 1,
    ttl: 3600,
    payload: { text: "Hello, hushnote v2!", tabs: [], files: [] },
  },
  {
    name: "v2-note-link-empty",
    description: "v2 note, link key only, empty payload (one record holding only the manifest)",
    kind: "note",
    link: true,
    password: null,
    iterations: null,
    views: 1,
    ttl: null,
    payload: { text: "", tabs: [], files: [] },
  },
  {
    name: "v2-note-password-unicode",
    description:
      "v2 note, password only (decomposed é: NFC matters), the v2 floor of 600,000 iterations, salt derived from the id, unicode text and tabs",
    kind: "note",
    link: false,
    password: "Cafe\u0301 🔑 пароль",
    iterations: 600_000,
    views: 3,
    ttl: 86_400,
    payload: {
      text: 'Grüße — 秘密 🗝️\n"quoted" \\ back\u2028slash',
      tabs: [
        { title: "Ünïcode", text: "𝄞 music" },
        { title: "", text: "" },
      ],
      files: [],
    },
  },
  {
    name: "v2-note-both-files-multirecord",
    description: "v2 note, link key and password (link verifier), default iterations, two files spanning three records",
    kind: "note",
    link: true,
    password: "correct horse battery staple",
    iterations: 600_000,
    views: null,
    ttl: 604_800,
    payload: {
      text: "see attachments",
      tabs: [{ title: "notes", text: "two files" }],
      files: [
        file("hello.txt", "text/plain", Buffer.from("hello\n")),
        file("blob.bin", "application/octet-stream", stream("v2-note-both-files-multirecord/file", 140_000)),
      ],
    },
  },
  {
    name: "v2-note-record-boundary",
    description: "v2 note, link key only, payload of exactly 131072 bytes: two full records and no empty third",
    kind: "note",
    link: true,
    password: null,
    iterations: null,
    views: 1,
    ttl: 600,
    payload: null,
  },
  {
    name: "v2-pad-password-version",
    description:
      "v2 notepad, password only, random salt drawn by the client, 700,000 iterations, body sealed for pad version 7 (a save of version 6)",
    kind: "pad",
    id: "team-notes",
    link: false,
    password: "pad password ✓",
    iterations: 700_000,
    views: null,
    ttl: null,
    bodyVersion: 7,
    payload: { text: "shopping: milk, eggs", tabs: [{ title: "todo", text: "- [x] ship v2" }], files: [] },
  },
];

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

const sha256 = (bytes) => createHash("sha256").update(bytes).digest();
const u32be = (n) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
const records = (plaintext) => Math.max(1, Math.ceil(plaintext.length / c.RECORD_SIZE));
const payloadJson = (payload) => ({
  text: payload.text,
  tabs: payload.tabs,
  files: payload.files.map((f) => ({ name: f.name, type: f.type, bytes: b64(f.bytes) })),
});

/** Seals vector `v` in format `version` from recorded randomness; returns the module's output and what it consumed. */
async function sealVector(v, version) {
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

/** A v1 vector (docs/FORMAT.md §3–§5), every derived value recomputed with node:crypto. */
async function v1Vector(v) {
  const { id, payload, key, draws, sealed, plaintext } = await sealVector(v, 1);
  let d = 0;
  const salt = v.password ? Buffer.from(draws[d++], "base64url") : null;
  const stretched = v.password
    ? pbkdf2Sync(Buffer.from(v.password.normalize("NFC"), "utf8"), salt, v.iterations, 32, "sha256")
    : null;
  const ikm = Buffer.concat([...(key ? [key] : []), ...(stretched ? [stretched] : [])]);
  const hkdf = (info) => Buffer.from(hkdfSync("sha256", ikm, "hushnote/v1/hkdf", info, 32));
  const kek = hkdf(`hushnote/v1/kek/${v.kind}/${id}`);
  const authKey = hkdf(`hushnote/v1/auth/${v.kind}/${id}`);
  const [dek, wrapIv, noncePrefix] = draws.slice(d);
  if (b64(authKey) !== sealed.proof) throw new Error(`${v.name}: authKey mismatch between node:crypto and the module`);
  if (b64(sha256(authKey)) !== sealed.verifier) throw new Error(`${v.name}: verifier mismatch`);
  return {
    name: v.name,
    description: v.description,
    format: 1,
    inputs: {
      kind: v.kind,
      id,
      views: v.views,
      ttl: v.ttl,
      linkKey: key && b64(key),
      password: v.password,
      iterations: v.iterations,
      payload: payloadJson(payload),
      random: draws,
    },
    intermediate: {
      headerJson: Buffer.from(sealed.header, "base64url").toString("utf8"),
      salt: salt && b64(salt),
      stretched: stretched && b64(stretched),
      ikm: b64(ikm),
      kek: b64(kek),
      authKey: b64(authKey),
      dek,
      wrapIv,
      noncePrefix,
      payloadLength: plaintext.length,
      records: records(plaintext),
    },
    outputs: {
      header: sealed.header,
      wrappedKey: sealed.wrappedKey,
      verifier: sealed.verifier,
      proof: sealed.proof,
      body: b64(sealed.body),
    },
  };
}

/** A v2 vector (docs/FORMAT.md §3–§5): salt rule, commitment, link auth and body subkey recomputed with node:crypto. */
async function v2Vector(v) {
  const { id, payload, key, draws, sealed, plaintext } = await sealVector(v, 2);
  const bodyVersion = v.bodyVersion ?? 0;
  let d = 0;
  // A note's salt is derived from its id (nothing drawn); a notepad's is drawn by the creating client.
  const salt = !v.password
    ? null
    : v.kind === "note"
      ? sha256(`hushnote/v2/salt/note/${id}`).subarray(0, 16)
      : Buffer.from(draws[d++], "base64url");
  const stretched = v.password
    ? pbkdf2Sync(Buffer.from(v.password.normalize("NFC"), "utf8"), salt, v.iterations, 32, "sha256")
    : null;
  const ikm = Buffer.concat([...(key ? [key] : []), ...(stretched ? [stretched] : [])]);
  const hkdf = (material, label) =>
    Buffer.from(hkdfSync("sha256", material, "hushnote/v2/hkdf", `hushnote/v2/${label}/${v.kind}/${id}`, 32));
  const [kek, authKey, commit] = ["kek", "auth", "commit"].map((label) => hkdf(ikm, label));
  const linkAuth = key ? hkdf(key, "link") : null;
  const [dek, wrapIv, bodySalt] = draws.slice(d).map((x) => Buffer.from(x, "base64url"));
  const bodyKey = Buffer.from(hkdfSync("sha256", dek, bodySalt, `hushnote/v2/body/${v.kind}/${id}/${bodyVersion}`, 32));
  const wrapped = Buffer.from(sealed.wrappedKey, "base64url");
  const body = Buffer.from(sealed.body);
  const check = (ok, what) => {
    if (!ok) throw new Error(`${v.name}: ${what} differs between node:crypto and the module`);
  };
  check(JSON.parse(Buffer.from(sealed.header, "base64url")).kdf?.salt === (salt && b64(salt)) || !salt, "salt");
  check(b64(authKey) === sealed.proof && b64(sha256(authKey)) === sealed.verifier, "authKey or verifier");
  check(wrapped.subarray(0, 32).equals(commit) && wrapped.subarray(32, 44).equals(wrapIv), "wrapped key layout");
  const unwrap = createDecipheriv("aes-256-gcm", kek, wrapIv)
    .setAAD(Buffer.from(sealed.header, "base64url"))
    .setAuthTag(wrapped.subarray(76));
  check(Buffer.concat([unwrap.update(wrapped.subarray(44, 76)), unwrap.final()]).equals(dek), "wrapped DEK");
  check(sealed.linkVerifier === (linkAuth && b64(sha256(linkAuth))), "link verifier");
  check(body.subarray(0, 4).equals(u32be(bodyVersion)) && body.subarray(4, 36).equals(bodySalt), "body head");
  const unlocked = await c.unlock(
    sealed.header,
    { linkKey: key, password: v.password },
    { expect: { kind: v.kind, id } },
  );
  check(unlocked.linkProof === (linkAuth && b64(linkAuth)), "link proof");
  return {
    name: v.name,
    description: v.description,
    format: 2,
    inputs: {
      kind: v.kind,
      id,
      views: v.views,
      ttl: v.ttl,
      linkKey: key && b64(key),
      password: v.password,
      iterations: v.iterations,
      bodyVersion,
      payload: payloadJson(payload),
      random: draws,
    },
    intermediate: {
      headerJson: Buffer.from(sealed.header, "base64url").toString("utf8"),
      salt: salt && b64(salt),
      stretched: stretched && b64(stretched),
      ikm: b64(ikm),
      kek: b64(kek),
      authKey: b64(authKey),
      commit: b64(commit),
      linkAuth: linkAuth && b64(linkAuth),
      dek: b64(dek),
      wrapIv: b64(wrapIv),
      bodySalt: b64(bodySalt),
      bodyKey: b64(bodyKey),
      payloadLength: plaintext.length,
      records: records(plaintext),
    },
    outputs: {
      header: sealed.header,
      wrappedKey: sealed.wrappedKey,
      verifier: sealed.verifier,
      proof: sealed.proof,
      linkVerifier: sealed.linkVerifier,
      linkProof: unlocked.linkProof,
      body: b64(sealed.body),
    },
  };
}

const checkOnly = process.argv.includes("--check");
// ASCII-only JSON (\uXXXX escapes): no editor or tool can re-normalise the unicode inputs of a frozen vector.
const serialise = (vector) =>
  `${JSON.stringify(vector, null, 2).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`)}\n`;
let mismatches = 0;
for (const [v, make] of [...V1_VECTORS.map((x) => [x, v1Vector]), ...V2_VECTORS.map((x) => [x, v2Vector])]) {
  const path = `test/vectors/${v.name}.json`;
  if (checkOnly) {
    const same = existsSync(path) && readFileSync(path, "utf8") === serialise(await make(v));
    mismatches += Number(!same);
    console.log(`${same ? "same" : "DIFFERS"} ${path}`);
  } else if (existsSync(path)) {
    console.log(`kept ${path} (frozen)`);
  } else {
    const vector = await make(v);
    writeFileSync(path, serialise(vector));
    console.log(`wrote ${path} (${Buffer.from(vector.outputs.body, "base64url").length} body bytes)`);
  }
}
if (mismatches) process.exit(1);
