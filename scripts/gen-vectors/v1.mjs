// The v1 vectors (docs/FORMAT.md §3–§5): their inputs, and each one sealed and cross-checked with node:crypto.
import { hkdfSync, pbkdf2Sync } from "node:crypto";
import { b64, file, payloadJson, records, sealVector, sha256, stream } from "./shared.mjs";

export const V1_VECTORS = [
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

/** A v1 vector (docs/FORMAT.md §3–§5), every derived value recomputed with node:crypto. */
export async function v1Vector(v) {
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
