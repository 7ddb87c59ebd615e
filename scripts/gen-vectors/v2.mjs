// The v2 vectors (docs/FORMAT.md §3–§5): their inputs, and each one sealed and cross-checked with node:crypto.
import { createDecipheriv, hkdfSync, pbkdf2Sync } from "node:crypto";
import { b64, c, file, payloadJson, records, sealVector, sha256, stream, u32be } from "./shared.mjs";

export const V2_VECTORS = [
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

/** A v2 vector (docs/FORMAT.md §3–§5): salt rule, commitment, link auth and body subkey recomputed with node:crypto. */
export async function v2Vector(v) {
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
