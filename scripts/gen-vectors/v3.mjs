// The v3 request vectors (docs/FORMAT.md §12): a request with and without a description, and an answer sealed to the
// first one (its note is an ordinary v2 link note, sealed by the v2 generator). Every output is recomputed with
// node:crypto; the P-256 keys are made here, since Web Crypto cannot derive a public key from a chosen scalar.
import { createCipheriv, createECDH, hkdfSync } from "node:crypto";
import { b64, c, sha256, stream } from "./shared.mjs";
import { v2Vector } from "./v2.mjs";

const DESCRIBED = {
  name: "v3-request-description",
  description: "v3 request with a description (unicode text): fingerprint, description, request and private links",
  text: "The production DB password, please \u2014 f\u00fcr heute \ud83d\udd11",
};
const PLAIN = {
  name: "v3-request-plain",
  description: "v3 request without a description: the request link holds the fingerprint alone",
  text: null,
};
const ANSWER = {
  name: "v3-request-answer",
  description:
    "v3 answer to v3-request-description: a v2 link note (one view) whose link key is sealed to the asker's key",
  request: DESCRIBED,
  note: { text: "db: hunter2 \u2713", tabs: [], files: [] },
  ttl: 86_400,
};
export const V3_VECTORS = [DESCRIBED, PLAIN, ANSWER];

/** A P-256 key pair from a fixed scalar (a SHA-256 output is below the group order except with chance 2⁻³²). */
function keyPair(label) {
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(stream(`${label}/d`, 32));
  return { ecdh, d: new Uint8Array(ecdh.getPrivateKey()), Q: new Uint8Array(ecdh.getPublicKey(null, "uncompressed")) };
}

/** Random draws from a fixed stream, each recorded, so the vector lists exactly what the module consumed. */
function recording(label) {
  const draws = [];
  const random = (n) => {
    const bytes = new Uint8Array(stream(`${label}/draw/${draws.length}`, n));
    draws.push(b64(bytes));
    return bytes;
  };
  return { random, draws };
}

const checker = (name) => (ok, what) => {
  if (!ok) throw new Error(`${name}: ${what} differs between node:crypto and the module`);
};

const gcmSeal = (key, iv, aad, plaintext) => {
  const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(Buffer.from(aad, "utf8"));
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
};

/** A request: what the asker's client makes, with its links. */
async function requestVector(v) {
  const check = checker(v.name);
  const { d, Q } = keyPair(v.name);
  const { random, draws } = recording(v.name);
  const r = await c.newRequest(random, { d, Q });
  const desc = v.text === null ? null : await c.sealDescription(r.descriptionKey, r.id, v.text, random);
  const [id, manageToken, descriptionKey, descriptionIv] = draws.map((x) => Buffer.from(x, "base64url"));
  const fp = sha256(Buffer.concat([Buffer.from(`hushnote/v3/request/${b64(id)}`), Q]));
  check(r.id === b64(id) && Buffer.from(r.fp).equals(fp), "fingerprint");
  const descriptionAad = `hushnote/v3/description/${r.id}`;
  if (desc !== null)
    check(desc === b64(gcmSeal(descriptionKey, descriptionIv, descriptionAad, Buffer.from(v.text))), "description");
  const requestFragment = c.encodeRequestFragment(r.fp, desc === null ? null : r.descriptionKey);
  const privateFragment = c.encodePrivateLink(r);
  check(privateFragment === b64(Buffer.concat([d, Q.subarray(1), manageToken])), "private link");
  check(requestFragment === (desc === null ? b64(fp) : `${b64(fp)}.${b64(descriptionKey)}`), "request link");
  return {
    name: v.name,
    description: v.description,
    format: 3,
    object: "request",
    inputs: { d: b64(d), Q: b64(Q), description: v.text, random: draws },
    intermediate: {
      fingerprintLabel: `hushnote/v3/request/${r.id}`,
      descriptionAad: desc === null ? null : descriptionAad,
      descriptionIv: desc === null ? null : b64(descriptionIv),
    },
    outputs: {
      id: r.id,
      publicKey: b64(Q),
      fingerprint: b64(fp),
      manageToken: b64(manageToken),
      descriptionKey: desc === null ? null : b64(descriptionKey),
      sealedDescription: desc,
      requestLink: `/r/${r.id}#${requestFragment}`,
      privateLink: `/q/${r.id}#${privateFragment}`,
    },
  };
}

/** An answer: the note (a v2 vector of its own) and its link key sealed to the request's key. */
async function answerVector(v) {
  const check = checker(v.name);
  const request = await requestVector(v.request);
  const { d, Q } = keyPair(v.request.name);
  const id = request.outputs.id;
  const note = await v2Vector({
    name: `${v.name}/note`,
    description: "the answer's note: v2, link key only, one view",
    kind: "note",
    link: true,
    password: null,
    iterations: null,
    views: 1,
    ttl: v.ttl,
    payload: v.note,
  });
  const noteId = note.inputs.id;
  const K = Buffer.from(note.inputs.linkKey, "base64url");
  const eph = keyPair(`${v.name}/ephemeral`);
  const { random, draws } = recording(v.name);
  const sealedKey = await c.sealAnswerKey(id, noteId, Q, K, random, { d: eph.d, Q: eph.Q });
  const iv = Buffer.from(draws[0], "base64url");
  const label = `hushnote/v3/answer/${id}/${noteId}`;
  const Z = eph.ecdh.computeSecret(Q);
  const info = Buffer.concat([Buffer.from(label), eph.Q, Q]);
  const wrapKey = Buffer.from(hkdfSync("sha256", Z, "hushnote/v3/hkdf", info, 32));
  check(sealedKey === b64(Buffer.concat([eph.Q, gcmSeal(wrapKey, iv, label, K)])), "sealed key");
  check(Buffer.from(await c.openAnswerKey(id, noteId, d, Q, sealedKey)).equals(K), "opened answer key");
  return {
    name: v.name,
    description: v.description,
    format: 3,
    object: "answer",
    inputs: {
      request: { name: v.request.name, id, d: b64(d), Q: b64(Q) },
      noteId,
      linkKey: b64(K),
      e: b64(eph.d),
      E: b64(eph.Q),
      random: draws,
    },
    intermediate: { Z: b64(Z), hkdfInfo: b64(info), wrapKey: b64(wrapKey), aad: label, iv: b64(iv) },
    outputs: { sealedKey, answerLink: `/n/${noteId}#${b64(K)}` },
    note,
  };
}

/** The vector named by `v`. */
export const v3Vector = (v) => (v.request ? answerVector(v) : requestVector(v));
