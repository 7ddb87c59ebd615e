// An independent reader of v3 requests, written from docs/FORMAT.md §12 alone with node:crypto (createECDH, hkdfSync,
// createDecipheriv). Nothing here imports from crypto/: the answer's note is opened by the independent v1/v2 decoder.
import { createDecipheriv, createECDH, createHash, hkdfSync, timingSafeEqual } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decode } from "./independent/decoder";

const DIR = new URL("../vectors/", import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: frozen JSON, read field by field as §11 describes it.
const vectors: any[] = readdirSync(DIR)
  .filter((f) => /^v3-.*\.json$/.test(f))
  .map((f) => JSON.parse(readFileSync(new URL(f, DIR), "utf8")));
const byName = (name: string) => vectors.find((v) => v.name === name);
const fromB64 = (text: string) => {
  // §12.4: canonical b64u of exactly the stated size, else the secret is malformed.
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("malformed");
  const bytes = Buffer.from(text, "base64url");
  if (bytes.toString("base64url") !== text) throw new Error("malformed");
  return bytes;
};
const exact = (text: string | undefined, size: number) => {
  const bytes = fromB64(text ?? "");
  if (bytes.length !== size) throw new Error("malformed");
  return bytes;
};

/** AES-256-GCM open of IV ‖ ciphertext ‖ tag. */
function gcmOpen(key: Buffer, sealed: Buffer, aad: string): Buffer {
  const d = createDecipheriv("aes-256-gcm", key, sealed.subarray(0, 12));
  d.setAAD(Buffer.from(aad, "utf8"));
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]);
}

/** §12.2. */
const fingerprint = (id: string, Q: Buffer) =>
  createHash("sha256")
    .update(Buffer.concat([Buffer.from(`hushnote/v3/request/${id}`, "utf8"), Q]))
    .digest();

/** §12.4: a link's id (path) and fragment fields. */
function parseLink(link: string, prefix: "/r/" | "/q/") {
  const [path, fragment = ""] = link.split("#");
  if (!path?.startsWith(prefix)) throw new Error("not a link of that kind");
  return { id: path.slice(prefix.length), fields: fragment.split(".") };
}

/** The answering client's side (§12.6): checks the served key, reads the description. */
function answerSide(requestLink: string, servedQ: string, servedDesc: string | null) {
  const { id, fields } = parseLink(requestLink, "/r/");
  if (fields.length > 2) throw new Error("malformed");
  const fp = exact(fields[0], 32);
  const dk = fields.length === 2 ? exact(fields[1], 32) : null;
  const Q = fromB64(servedQ);
  const mine = fingerprint(id, Q);
  if (!timingSafeEqual(mine, fp)) throw new Error("key mismatch");
  if (Q.length !== 65 || Q[0] !== 4) throw new Error("corrupt point");
  const probe = createECDH("prime256v1");
  probe.generateKeys();
  probe.computeSecret(Q); // throws for a point off the curve
  const description = dk && servedDesc ? gcmOpen(dk, fromB64(servedDesc), `hushnote/v3/description/${id}`) : null;
  return { id, Q, description: description ? description.toString("utf8") : null };
}

/** The asker's side (§12.7): the private link's keys, and an answer's K. */
function askerSide(privateLink: string) {
  const { id, fields } = parseLink(privateLink, "/q/");
  if (fields.length !== 1) throw new Error("malformed");
  const bytes = exact(fields[0], 128);
  const d = bytes.subarray(0, 32);
  const Q = Buffer.concat([Buffer.from([4]), bytes.subarray(32, 96)]);
  const manageToken = bytes.subarray(96);
  const open = (noteId: string, sealedKey: string) => {
    const sealed = exact(sealedKey, 125);
    const E = sealed.subarray(0, 65);
    const ecdh = createECDH("prime256v1");
    ecdh.setPrivateKey(d);
    const Z = ecdh.computeSecret(E); // throws for a point off the curve
    const label = `hushnote/v3/answer/${id}/${noteId}`;
    const info = Buffer.concat([Buffer.from(label, "utf8"), E, Q]);
    const wrapKey = Buffer.from(hkdfSync("sha256", Z, Buffer.from("hushnote/v3/hkdf"), info, 32));
    return gcmOpen(wrapKey, sealed.subarray(65), label);
  };
  return { id, d, Q, manageToken, open };
}

describe("an independent reader of v3 requests written from docs/FORMAT.md §12 alone", () => {
  it("has the three v3 vectors", () => {
    expect(vectors.map((v) => v.name).sort()).toEqual([
      "v3-request-answer",
      "v3-request-description",
      "v3-request-plain",
    ]);
  });

  it.each(["v3-request-description", "v3-request-plain"])("reads %s from both links", (name) => {
    const v = byName(name);
    const o = v.outputs;
    const answerer = answerSide(o.requestLink, o.publicKey, o.sealedDescription);
    expect(answerer.id).toBe(o.id);
    expect(answerer.description).toBe(v.inputs.description);
    const asker = askerSide(o.privateLink);
    expect(asker.Q.toString("base64url")).toBe(o.publicKey);
    expect(asker.manageToken.toString("base64url")).toBe(o.manageToken);
    // Q is d·G: node computes the public key from the private link's scalar.
    const ecdh = createECDH("prime256v1");
    ecdh.setPrivateKey(asker.d);
    expect(ecdh.getPublicKey().equals(asker.Q)).toBe(true);
    expect(fingerprint(o.id, asker.Q).toString("base64url")).toBe(o.fingerprint);
  });

  it("refuses a served key that is not the asker's, even a valid one from another request", () => {
    const a = byName("v3-request-description").outputs;
    const b = byName("v3-request-plain").outputs;
    expect(() => answerSide(a.requestLink, b.publicKey, null)).toThrow(/key mismatch/);
    expect(() => answerSide(`/r/${b.id}#${a.requestLink.split("#")[1]}`, a.publicKey, null)).toThrow(/key mismatch/);
    expect(() => answerSide(`${a.requestLink}x`, a.publicKey, null)).toThrow(/malformed/);
  });

  it("unseals the answer's link key with the private link and opens its note once, as a v2 link note", () => {
    const v = byName("v3-request-answer");
    const request = byName(v.inputs.request.name).outputs;
    const asker = askerSide(request.privateLink);
    const K = asker.open(v.inputs.noteId, v.outputs.sealedKey);
    expect(K.toString("base64url")).toBe(v.inputs.linkKey);
    const n = v.note.outputs;
    const note = decode(n.header, n.wrappedKey, Buffer.from(n.body, "base64url"), K, null, {
      kind: "note",
      id: v.inputs.noteId,
    });
    expect(note.payload).toEqual(v.note.inputs.payload);
    expect(note.header).toMatchObject({ v: 2, id: v.inputs.noteId, link: true, kdf: null, views: 1 });
  });

  it("refuses the sealed key under another note id or request, and an off-curve ephemeral point", () => {
    const v = byName("v3-request-answer");
    const asker = askerSide(byName(v.inputs.request.name).outputs.privateLink);
    expect(() => asker.open("AAAAAAAAAAAAAAAAAAAAAA", v.outputs.sealedKey)).toThrow(/authenticate/);
    const elsewhere = askerSide(byName(v.inputs.request.name).outputs.privateLink.replace(/\/q\/[^#]+/, "/q/x"));
    expect(() => elsewhere.open(v.inputs.noteId, v.outputs.sealedKey)).toThrow(/authenticate/);
    const sealed = Buffer.from(v.outputs.sealedKey, "base64url");
    sealed[64]! ^= 1;
    expect(() => asker.open(v.inputs.noteId, sealed.toString("base64url"))).toThrow(/public key/i);
  });
});
